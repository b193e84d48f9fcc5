package io.ioucontext.instrument;

import java.util.Optional;

/**
 * Rewrites the {@code @Suspendable} methods of one class file into resumable state machines, as
 * described in {@code instrument/DESIGN.md}.
 */
public final class Weaver {

    private final ClassFileSource classes;

    /**
     * @param classes where supertypes and call targets are read from; never used to load classes
     */
    public Weaver(ClassFileSource classes) {
        this.classes = classes;
    }

    /**
     * Weaves one class.
     *
     * @param classFile the class file's bytes
     * @return the woven class file, or empty when the class needs no change or is already woven by
     *     this version of the weaver
     * @throws WeaveException when the class cannot be woven correctly
     */
    public Optional<byte[]> weave(byte[] classFile) throws WeaveException {
        return Optional.empty();
    }
}
