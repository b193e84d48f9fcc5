package io.ioucontext.instrument;

import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** Zero values of JVM types: dummy results of unwinding frames, dummy arguments of resumers. */
final class DefaultValues {

    /** Wrapper class to the primitive it boxes. */
    private static final Map<String, Type> WRAPPERS = Map.of(
            "java/lang/Integer", Type.INT_TYPE, "java/lang/Long", Type.LONG_TYPE,
            "java/lang/Float", Type.FLOAT_TYPE, "java/lang/Double", Type.DOUBLE_TYPE,
            "java/lang/Short", Type.SHORT_TYPE, "java/lang/Byte", Type.BYTE_TYPE,
            "java/lang/Character", Type.CHAR_TYPE, "java/lang/Boolean", Type.BOOLEAN_TYPE);

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

    /**
     * Returns the dummy value of an unwinding frame (or just returns, for void). A wrapper type gets
     * a boxed zero rather than null: the class {@code LambdaMetafactory} spins for a method
     * reference may unbox the result on its way back to the woven caller.
     */
    static InsnList returnDefault(Type type) {
        InsnList code = new InsnList();
        if (type.getSort() == Type.VOID) {
            code.add(new InsnNode(Opcodes.RETURN));
            return code;
        }
        Type unboxed = type.getSort() == Type.OBJECT ? WRAPPERS.get(type.getInternalName()) : null;
        if (unboxed != null) {
            code.add(push(unboxed));
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, type.getInternalName(), "valueOf",
                    Type.getMethodDescriptor(type, unboxed), false));
        } else {
            code.add(push(type));
        }
        code.add(new InsnNode(type.getOpcode(Opcodes.IRETURN)));
        return code;
    }
}
