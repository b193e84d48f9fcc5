package io.ioucontext.instrument;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/** Source line numbers of instructions, from the line number table. */
final class SourceLines {

    private SourceLines() {
    }

    /** The line of an instruction, or -1 when the class has no line numbers. */
    static int of(AbstractInsnNode insn) {
        for (AbstractInsnNode node = insn; node != null; node = node.getPrevious()) {
            if (node instanceof LineNumberNode line) {
                return line.line;
            }
        }
        return -1;
    }

    /** The first line of a method, or -1. */
    static int first(MethodNode method) {
        for (AbstractInsnNode node : method.instructions) {
            if (node instanceof LineNumberNode line) {
                return line.line;
            }
        }
        return -1;
    }
}
