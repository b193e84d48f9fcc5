package io.ioucontext.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Emits a RESTORE block: reads the frame's values back in the order {@link FrameSaver} wrote them,
 * pushes the callee's result (or throws its exception, between {@code resultStart} and
 * {@code resultEnd}, a range the caller covers with the call's handlers) and jumps back after the call.
 */
final class FrameRestorer {

    private final int stackLocal;

    FrameRestorer(int stackLocal) {
        this.stackLocal = stackLocal;
    }

    InsnList emit(FrameLayout layout, Type callResult, LabelNode resultStart, LabelNode resultEnd,
                  LabelNode continueAt) {
        InsnList code = new InsnList();
        for (FrameLayout.Value value : layout.values()) {
            if (value.kind() == FrameLayout.Kind.NULL) {
                code.add(new InsnNode(Opcodes.ACONST_NULL));
            } else {
                code.add(new VarInsnNode(Opcodes.ALOAD, stackLocal));
                code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.FIBER_STACK,
                        "restore" + value.kind().suffix, "()" + value.kind().descriptor, false));
                castIfNeeded(code, value.type());
            }
            if (!value.onStack()) {
                code.add(new VarInsnNode(value.kind().storeOpcode(), value.local()));
            }
        }
        code.add(resultStart);
        FrameLayout.Kind kind = FrameLayout.Kind.of(callResult);
        code.add(new VarInsnNode(Opcodes.ALOAD, stackLocal));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.FIBER_STACK,
                "result" + (kind == null ? "Void" : kind.suffix),
                "()" + (kind == null ? "V" : kind.descriptor), false));
        code.add(resultEnd);
        if (kind == FrameLayout.Kind.REF) {
            castIfNeeded(code, callResult);
        }
        code.add(new JumpInsnNode(Opcodes.GOTO, continueAt));
        return code;
    }

    private static void castIfNeeded(InsnList code, Type type) {
        if (type != null && !type.getInternalName().equals(ClassHierarchy.OBJECT)) {
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
        }
    }
}
