package io.ioucontext.instrument;

import java.util.Optional;

/**
 * Where the weaver reads the bytes of classes it needs to know about (supertypes, interfaces, call
 * targets) without ever loading them.
 */
public interface ClassFileSource {

    /**
     * The class file of a class.
     *
     * @param internalName the class's internal name, e.g. {@code java/lang/String}
     * @return its bytes, or empty when this source does not know the class
     */
    Optional<byte[]> read(String internalName);
}
