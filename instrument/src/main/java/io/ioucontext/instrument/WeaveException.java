package io.ioucontext.instrument;

import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a class cannot be woven; carries every problem found in it, not just the first. */
public final class WeaveException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    /**
     * @param diagnostics the problems found, at least one
     */
    public WeaveException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** The problems found, in the order the weaver met them. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
