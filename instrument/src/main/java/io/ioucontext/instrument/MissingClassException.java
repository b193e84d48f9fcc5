package io.ioucontext.instrument;

/**
 * A type question about a class the {@link ClassFileSource} does not have: the weaver cannot tell
 * whether the method's values are of the types its calls expect, so it cannot weave the method.
 */
final class MissingClassException extends RuntimeException {

    MissingClassException(String internalName) {
        super(internalName.replace('/', '.'), null, false, false);
    }

    /** The missing class, as a binary name. */
    String className() {
        return getMessage();
    }
}
