package io.ioucontext.maven;

import io.ioucontext.instrument.Diagnostic;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What weaving a set of classes did.
 *
 * @param examined    how many class files were handed to the weaver
 * @param woven       how many of them it rewrote
 * @param suspendableLeftAlone how many classes declaring {@code @Suspendable} methods (and not
 *                    woven before) it left unchanged: their methods call nothing it knows to be
 *                    suspendable, or it could not weave them
 * @param diagnostics every problem found, over all classes
 */
record WeaveReport(int examined, int woven, int suspendableLeftAlone, List<Diagnostic> diagnostics) {

    WeaveReport {
        diagnostics = List.copyOf(diagnostics);
    }

    boolean failed() {
        return !diagnostics.isEmpty();
    }

    /** One line: {@code N classes examined, M woven (where)}. */
    String summary(Object where) {
        return examined + " classes examined, " + woven + " woven (" + where + ")";
    }

    /**
     * A warning when nothing was woven although some classes declare {@code @Suspendable} methods:
     * typically the classes they call (the ioucontext runtime, the jar's own dependencies) were
     * missing from the weaving class path, so no call looked suspendable.
     */
    Optional<String> nothingWovenWarning() {
        if (woven > 0 || suspendableLeftAlone == 0 || failed()) {
            return Optional.empty();
        }
        return Optional.of("no class was woven although " + suspendableLeftAlone + " class(es) declare @Suspendable"
                + " methods; if they call suspendable methods of other jars, put those jars (and the ioucontext"
                + " runtime) on the weaving class path (iou.weave.classpath)");
    }

    /** Every diagnostic, one per line, under a line saying how many classes failed. */
    String failure() {
        long classes = diagnostics.stream().map(Diagnostic::className).distinct().count();
        return diagnostics.stream()
                .map(Diagnostic::toString)
                .collect(Collectors.joining("\n", classes + " class(es) cannot be woven:\n", ""));
    }
}
