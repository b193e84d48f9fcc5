package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which locals are live (read again before being overwritten) before each instruction, over the
 * control-flow graph {@link FrameAnalysis} recorded, exception edges included. Frames save only
 * live locals: less work while unwinding and less memory held by a suspended fiber.
 */
final class Liveness {

    private final BitSet[] liveIn;

    private Liveness(BitSet[] liveIn) {
        this.liveIn = liveIn;
    }

    /**
     * Computes liveness.
     *
     * @param instructions the method's instructions
     * @param successors   per instruction, the instructions control may flow to (normal or exceptional)
     */
    static Liveness of(InsnList instructions, List<List<Integer>> successors) {
        int size = instructions.size();
        BitSet[] in = new BitSet[size];
        BitSet[] uses = new BitSet[size];
        int[] defs = new int[size];
        for (int i = 0; i < size; i++) {
            in[i] = new BitSet();
            uses[i] = new BitSet();
            defs[i] = -1;
            AbstractInsnNode insn = instructions.get(i);
            if (insn instanceof VarInsnNode var) {
                if (var.getOpcode() >= Opcodes.ISTORE && var.getOpcode() <= Opcodes.ASTORE) {
                    defs[i] = var.var;
                } else {
                    uses[i].set(var.var);
                }
            } else if (insn instanceof IincInsnNode iinc) {
                uses[i].set(iinc.var);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = size - 1; i >= 0; i--) {
                BitSet live = new BitSet();
                for (int successor : successors.get(i)) {
                    live.or(in[successor]);
                }
                if (defs[i] >= 0) {
                    live.clear(defs[i]);
                }
                live.or(uses[i]);
                if (!live.equals(in[i])) {
                    in[i] = live;
                    changed = true;
                }
            }
        }
        return new Liveness(in);
    }

    /** Whether a local slot is live before an instruction. */
    boolean isLive(int insnIndex, int slot) {
        return liveIn[insnIndex].get(slot);
    }

    /** An empty successor table to fill while analysing a method of {@code size} instructions. */
    static List<List<Integer>> emptyGraph(int size) {
        List<List<Integer>> graph = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            graph.add(new ArrayList<>(2));
        }
        return graph;
    }
}
