package io.ioucontext.instrument;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Emits the method prologue (fetch the fiber stack, one state test) and the dispatch block that a
 * resumed method jumps to: a tableswitch on the resume point into the RESTORE blocks.
 */
final class ResumeDispatch {

    private final int stackLocal;

    ResumeDispatch(int stackLocal) {
        this.stackLocal = stackLocal;
    }

    /** The prologue's lookup of the stack: the first instruction of a woven method. */
    static AbstractInsnNode stackLookup(MethodNode woven) {
        AbstractInsnNode first = woven.instructions.getFirst();
        if (!(first instanceof MethodInsnNode call && call.owner.equals(RuntimeNames.FIBER_STACK)
                && call.name.equals("current"))) {
            throw new IllegalStateException(woven.name + woven.desc + " does not start with a woven prologue");
        }
        return first;
    }

    /** Looks up the stack into the stack local and jumps to {@code dispatch} unless the fiber runs normally. */
    InsnList prologue(LabelNode dispatch) {
        InsnList code = new InsnList();
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, RuntimeNames.FIBER_STACK, "current",
                RuntimeNames.CURRENT_DESC, false));
        code.add(new VarInsnNode(Opcodes.ASTORE, stackLocal));
        code.add(stateTest(dispatch));
        return code;
    }

    /**
     * Jumps to {@code target} unless the fiber runs normally: on entry that means resuming (or a
     * broken suspension, which the runtime's dispatch reports), after a call that means unwinding.
     */
    InsnList stateTest(LabelNode target) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, stackLocal));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, RuntimeNames.FIBER_STACK, "state", "I"));
        code.add(new JumpInsnNode(Opcodes.IFNE, target));
        return code;
    }

    InsnList dispatch(LabelNode dispatch, List<LabelNode> restores) {
        InsnList code = new InsnList();
        LabelNode corrupt = new LabelNode();
        code.add(dispatch);
        code.add(new VarInsnNode(Opcodes.ALOAD, stackLocal));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, RuntimeNames.FIBER_STACK, "resumePoint", "()I",
                false));
        code.add(new TableSwitchInsnNode(0, restores.size() - 1, corrupt, restores.toArray(LabelNode[]::new)));
        code.add(corrupt);
        code.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new LdcInsnNode("resumed at a suspension point this method does not have"));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                "(Ljava/lang/String;)V", false));
        code.add(new InsnNode(Opcodes.ATHROW));
        return code;
    }
}
