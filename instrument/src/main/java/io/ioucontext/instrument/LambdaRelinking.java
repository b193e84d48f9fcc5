package io.ioucontext.instrument;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Links the lambdas and method references of suspendable functional interfaces through the runtime:
 * their {@code LambdaMetafactory} bootstraps become the runtime's {@code SuspendableLambdas} ones,
 * same names and descriptors, which record the method each forwarder calls (see
 * {@code instrument/DESIGN.md}, "Lambdas and method references").
 */
final class LambdaRelinking {

    private LambdaRelinking() {
    }

    /** @return whether any bootstrap was redirected */
    static boolean relink(ClassNode clazz, SuspendableMethods suspendable) {
        boolean relinked = false;
        for (MethodNode method : clazz.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy && suspendable.createsSuspendableLambda(indy)) {
                    indy.bsm = new Handle(Opcodes.H_INVOKESTATIC, RuntimeNames.SUSPENDABLE_LAMBDAS,
                            indy.bsm.getName(), indy.bsm.getDesc(), false);
                    relinked = true;
                }
            }
        }
        return relinked;
    }
}
