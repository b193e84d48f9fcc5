package io.ioucontext.reactor;

/**
 * One FFM downcall returning an {@code int}. The method handles are invoked with their exact types,
 * so {@code invokeExact} can throw only the linker's own errors; {@link #call} turns those into an
 * unchecked exception naming the library.
 */
@FunctionalInterface
interface Downcall {

    int invoke() throws Throwable;

    /**
     * @param library  named in the error, e.g. {@code liburing}
     * @param downcall the call
     * @return what the native function returned
     */
    static int call(String library, Downcall downcall) {
        try {
            return downcall.invoke();
        } catch (Throwable t) {
            throw new IllegalStateException(library + " downcall failed", t);
        }
    }
}
