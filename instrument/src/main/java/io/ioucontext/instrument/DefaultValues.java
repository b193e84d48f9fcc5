package io.ioucontext.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;

/** Zero values of JVM types: dummy results of unwinding frames, dummy arguments of resumers. */
final class DefaultValues {

    private DefaultValues() {
    }

    /** Pushes the zero value of a non-void type. */
    static AbstractInsnNode push(Type type) {
        return new InsnNode(switch (type.getSort()) {
            case Type.LONG -> Opcodes.LCONST_0;
            case Type.FLOAT -> Opcodes.FCONST_0;
            case Type.DOUBLE -> Opcodes.DCONST_0;
            case Type.OBJECT, Type.ARRAY -> Opcodes.ACONST_NULL;
            default -> Opcodes.ICONST_0;
        });
    }

    /** Returns the zero value of a method's return type (or just returns, for void). */
    static InsnList returnDefault(Type type) {
        InsnList code = new InsnList();
        if (type.getSort() == Type.VOID) {
            code.add(new InsnNode(Opcodes.RETURN));
        } else {
            code.add(push(type));
            code.add(new InsnNode(type.getOpcode(Opcodes.IRETURN)));
        }
        return code;
    }
}
