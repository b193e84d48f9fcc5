package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Finds the suspension points of a method: calls to suspendable methods and fiber primitives. */
final class SuspensionPoints {

    private final SuspendableMethods suspendable;

    SuspensionPoints(SuspendableMethods suspendable) {
        this.suspendable = suspendable;
    }

    /** The method's suspension points, in instruction order. */
    List<CallSite> of(MethodNode method) {
        List<CallSite> sites = new ArrayList<>();
        int index = 0;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode call && !call.name.startsWith("<")) {
                String callee = call.name + call.desc;
                if (suspendable.isSuspendable(call.owner, callee)) {
                    sites.add(new CallSite(call, index, callee,
                            call.itf && suspendable.isFunctionalInterfaceCall(call.owner, callee),
                            SourceLines.of(call)));
                }
            }
            index++;
        }
        return sites;
    }
}
