package io.ioucontext.instrument;

import java.util.List;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Emits a SAVE block: entered with the (dummy) result of the call on top of the stack bottom, it
 * saves the frame's values to the fiber stack, closes the frame with its suspension point and
 * returns a default value.
 */
final class FrameSaver {

    private final int stackLocal;

    /**
     * @param stackLocal the local holding the fiber stack
     */
    FrameSaver(int stackLocal) {
        this.stackLocal = stackLocal;
    }

    InsnList emit(FrameLayout layout, Type callResult, ConstantDynamic point, Type methodResult,
                  int firstSpillSlot) {
        InsnList code = new InsnList();
        if (callResult.getSort() != Type.VOID) {
            code.add(new InsnNode(callResult.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP));
        }
        List<FrameLayout.Value> bottom = layout.stackBottom();
        int[] spill = layout.spillSlots(firstSpillSlot);
        for (int i = bottom.size() - 1; i >= 0; i--) {
            FrameLayout.Kind kind = bottom.get(i).kind();
            code.add(kind == FrameLayout.Kind.NULL
                    ? new InsnNode(Opcodes.POP)
                    : new VarInsnNode(kind.storeOpcode(), spill[i]));
        }
        int spilled = 0;
        for (FrameLayout.Value value : layout.values()) {
            int slot = value.onStack() ? spill[spilled++] : value.local();
            if (value.kind() != FrameLayout.Kind.NULL) {
                code.add(new VarInsnNode(Opcodes.ALOAD, stackLocal));
                code.add(new VarInsnNode(value.kind().loadOpcode, slot));
                code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.FIBER_STACK,
                        "save" + value.kind().suffix, "(" + value.kind().descriptor + ")V", false));
            }
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, stackLocal));
        code.add(new LdcInsnNode(point));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.FIBER_STACK, "saveFrame",
                "(L" + RuntimeNames.SUSPENSION_POINT + ";)V", false));
        code.add(DefaultValues.returnDefault(methodResult));
        return code;
    }
}
