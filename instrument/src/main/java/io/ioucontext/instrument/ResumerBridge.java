package io.ioucontext.instrument;

import java.util.Optional;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The synthetic static method through which the runtime re-enters a woven method: it fetches the
 * saved receiver, passes dummy arguments (the method restores its real locals itself), calls the
 * exact implementation without virtual dispatch (its stack-passing copy, given the stack, when it has
 * one) and hands the result to the fiber stack.
 */
final class ResumerBridge {

    private ResumerBridge() {
    }

    /** The handle the suspension points of {@code method} refer to. */
    static Handle handle(ClassNode owner, String resumerName) {
        return new Handle(Opcodes.H_INVOKESTATIC, owner.name, resumerName, RuntimeNames.RESUMER_DESC,
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
    }

    /** @param copy the descriptor of the method's stack-passing copy, if it has one */
    static MethodNode create(ClassNode owner, MethodNode method, String resumerName, Optional<String> copy) {
        MethodNode resumer = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                resumerName, RuntimeNames.RESUMER_DESC, null, null);
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
        Type result = Type.getReturnType(method.desc);
        FrameLayout.Kind kind = FrameLayout.Kind.of(result);
        var code = resumer.instructions;
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        if (!isStatic) {
            code.add(new VarInsnNode(Opcodes.ALOAD, 0));
            code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.FIBER_STACK, "receiver",
                    "()Ljava/lang/Object;", false));
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, owner.name));
        }
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            code.add(DefaultValues.push(argument));
        }
        if (copy.isPresent()) {
            code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        code.add(new MethodInsnNode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner.name,
                method.name, copy.orElse(method.desc), isInterface));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.FIBER_STACK,
                "return" + (kind == null ? "Void" : kind.suffix),
                "(" + (kind == null ? "" : kind.descriptor) + ")V", false));
        code.add(new InsnNode(Opcodes.RETURN));
        return resumer;
    }
}
