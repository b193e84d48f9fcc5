package io.ioucontext.maven;

import io.ioucontext.instrument.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What weaving a set of classes did.
 *
 * @param examined    how many class files were handed to the weaver
 * @param woven       how many of them it rewrote
 * @param diagnostics every problem found, over all classes
 */
record WeaveReport(int examined, int woven, List<Diagnostic> diagnostics) {

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

    /** Every diagnostic, one per line, under a line saying how many classes failed. */
    String failure() {
        long classes = diagnostics.stream().map(Diagnostic::className).distinct().count();
        return diagnostics.stream()
                .map(Diagnostic::toString)
                .collect(Collectors.joining("\n", classes + " class(es) cannot be woven:\n", ""));
    }
}
