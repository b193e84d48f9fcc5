package io.ioucontext.natives;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Downcall handles for the functions of {@code native/include/iou_rustls.h} in
 * {@code libiou_rustls.so}, which this class mirrors. Loading this class loads the library.
 */
final class IouRustls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBRARY = BundledLibrary.load("iou_rustls");

    /** {@code const char *iou_rustls_version(void)}. */
    static final MethodHandle VERSION = downcall("iou_rustls_version", FunctionDescriptor.of(ADDRESS));

    private IouRustls() {
    }

    private static MethodHandle downcall(String function, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBRARY.findOrThrow(function), descriptor);
    }
}
