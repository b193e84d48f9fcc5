package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.ClassNode;

/** Collects the problems of one class, so that all of them are reported together. */
final class Diagnostics {

    private final ClassNode clazz;
    private final List<Diagnostic> found = new ArrayList<>();

    Diagnostics(ClassNode clazz) {
        this.clazz = clazz;
    }

    void report(String method, int line, String message) {
        String file = clazz.sourceFile == null ? "Unknown Source" : clazz.sourceFile;
        found.add(new Diagnostic(clazz.name.replace('/', '.'), method, file, line, message));
    }

    /** @throws WeaveException when anything was reported */
    void throwIfAny() throws WeaveException {
        if (!found.isEmpty()) {
            throw new WeaveException(found);
        }
    }
}
