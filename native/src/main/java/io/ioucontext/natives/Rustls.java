package io.ioucontext.natives;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The rustls TLS library as ioucontext ships it: {@code libiou_rustls.so}, a C ABI over rustls 0.20
 * bundled in this jar and loaded on first use (see {@code native/README.md}).
 */
public final class Rustls {
    private Rustls() {
    }

    /**
     * The bundled library's version and the rustls version it was built with, for example
     * {@code "iou_rustls 0.1.0 (rustls 0.20.8)"}.
     *
     * @throws UnsatisfiedLinkError if the library cannot be loaded on this platform
     */
    public static String version() {
        MethodHandle function = IouRustls.VERSION; // outside the try: loading failures propagate as they are
        MemorySegment version;
        try {
            version = (MemorySegment) function.invokeExact();
        } catch (Throwable e) {
            throw new AssertionError("the binding of iou_rustls_version is wrong", e);
        }
        // A static NUL-terminated string: its length is unknown until read.
        return version.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
