package io.ioucontext.instrument;

import org.objectweb.asm.tree.MethodInsnNode;

/**
 * A suspension point: a call whose target may suspend the fiber.
 *
 * @param insn       the call instruction
 * @param insnIndex  its index in the method's instructions before weaving
 * @param callee     the target's name + descriptor, as the runtime checks it ({@code park()V})
 * @param functional whether the call goes through a functional interface
 * @param line       its source line, or -1
 */
record CallSite(MethodInsnNode insn, int insnIndex, String callee, boolean functional, int line) {

    /** {@code owner.name+descriptor} with dots, for diagnostics. */
    String target() {
        return insn.owner.replace('/', '.') + "." + callee;
    }
}
