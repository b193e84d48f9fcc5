package io.ioucontext.instrument;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Lambda bodies nothing refers to: javac still emits the bodies of lambdas written in code it
 * dropped (after {@code if (CONSTANT) return;}), as private synthetic methods no
 * {@code invokedynamic} creates. They can never run, so they are neither woven nor reported.
 */
final class DeadLambdaBodies {

    private DeadLambdaBodies() {
    }

    /** The lambda bodies of {@code clazz} that no instruction refers to. */
    static Set<MethodNode> of(ClassNode clazz) {
        Set<String> referenced = new HashSet<>();
        for (MethodNode method : clazz.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode call && call.owner.equals(clazz.name)) {
                    referenced.add(call.name + call.desc);
                } else if (insn instanceof InvokeDynamicInsnNode indy) {
                    for (Object argument : indy.bsmArgs) {
                        addHandle(clazz, argument, referenced);
                    }
                } else if (insn instanceof LdcInsnNode ldc) {
                    addHandle(clazz, ldc.cst, referenced);
                }
            }
        }
        Set<MethodNode> dead = new HashSet<>();
        for (MethodNode method : clazz.methods) {
            boolean lambdaBody = method.name.startsWith("lambda$")
                    && (method.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC))
                    == (Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC);
            if (lambdaBody && !referenced.contains(method.name + method.desc)) {
                dead.add(method);
            }
        }
        return dead;
    }

    private static void addHandle(ClassNode clazz, Object constant, Set<String> referenced) {
        if (constant instanceof Handle handle && handle.getOwner().equals(clazz.name)) {
            referenced.add(handle.getName() + handle.getDesc());
        }
    }
}
