package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Prepares a suspendable method for weaving: analyses its frames (moving {@code NEW}s out of the way
 * of suspendable constructor arguments first), refuses suspension points it cannot weave, and lays
 * out the values each remaining point saves.
 */
final class SiteLayouts {

    /** The class file format's limit on a method's local variable slots. */
    private static final int MAX_LOCALS = 65535;

    private final SuspensionPoints points;
    private final FrameAnalysis analysis;

    SiteLayouts(SuspensionPoints points, FrameAnalysis analysis) {
        this.points = points;
        this.analysis = analysis;
    }

    /** The analyzer wraps what the type questions threw; a missing class is the usual cause. */
    private static String whyNotAnalysed(AnalyzerException e) {
        if (e.getCause() instanceof MissingClassException missing) {
            return "the class " + missing.className() + " cannot be found on the weaving class path, so the"
                    + " method's value types cannot be checked; add the jar or directory holding it";
        }
        return "cannot analyse the method's frames: " + e.getMessage();
    }

    /**
     * The weavable suspension points of a method, with their frame layouts; problems go to
     * {@code diagnostics}. Unreachable calls are left out.
     */
    List<MethodWeaver.Site> of(ClassNode clazz, MethodNode method, List<CallSite> found, Diagnostics diagnostics) {
        List<CallSite> calls = found;
        FrameAnalysis.MethodFrames analysed;
        try {
            analysed = analysis.analyse(clazz, method);
            if (NewRelocation.relocate(method, analysed.frames(), calls)) {
                calls = points.of(method);
                analysed = analysis.analyse(clazz, method);
            }
        } catch (AnalyzerException e) {
            diagnostics.report(method.name, e.node == null ? -1 : SourceLines.of(e.node), whyNotAnalysed(e));
            return List.of();
        }
        List<MethodWeaver.Site> sites = new ArrayList<>();
        for (CallSite call : calls) {
            TypedFrame frame = analysed.frames()[call.insnIndex()];
            if (frame != null && isWeavable(clazz, method, call, frame, diagnostics)) {
                layOut(method, call, frame, analysed.liveness(), diagnostics).ifPresent(sites::add);
            }
        }
        int slots = method.maxLocals + 1 + sites.stream().mapToInt(s -> s.layout().spillSize()).max().orElse(0);
        if (slots > MAX_LOCALS) {
            diagnostics.report(method.name, -1, "the woven method would need " + slots + " local variable slots,"
                    + " more than the JVM's limit of " + MAX_LOCALS + "; split it into smaller methods");
            return List.of();
        }
        return sites;
    }

    private static boolean isWeavable(ClassNode clazz, MethodNode method, CallSite call, TypedFrame frame,
                                      Diagnostics diagnostics) {
        boolean isSynchronized = (method.access & Opcodes.ACC_SYNCHRONIZED) != 0;
        if (isSynchronized || frame.monitors() > 0) {
            diagnostics.report(method.name, call.line(), "suspension point " + call.target() + " inside "
                    + (isSynchronized ? "a synchronized method" : "a synchronized block")
                    + ": a fiber must not suspend while it holds a monitor");
            return false;
        }
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        if (!isStatic && !Type.getObjectType(clazz.name).equals(frame.getLocal(0).getType())) {
            diagnostics.report(method.name, call.line(), "suspension point " + call.target()
                    + " while local 0 does not hold 'this'");
            return false;
        }
        return true;
    }

    private static Optional<MethodWeaver.Site> layOut(MethodNode method, CallSite call, TypedFrame frame,
                                                                Liveness liveness, Diagnostics diagnostics) {
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        int operands = Type.getArgumentCount(call.insn().desc)
                + (call.insn().getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
        // the receiver is always saved: the resumer re-enters the method through it
        IntPredicate needed = slot -> (slot == 0 && !isStatic) || liveness.isLive(call.insnIndex(), slot);
        try {
            return Optional.of(new MethodWeaver.Site(call, FrameLayout.at(frame, operands, needed)));
        } catch (FrameLayout.Unsaveable e) {
            diagnostics.report(method.name, call.line(), "suspension point " + call.target() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
