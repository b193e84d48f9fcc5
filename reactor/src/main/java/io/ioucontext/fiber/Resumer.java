package io.ioucontext.fiber;

/**
 * Re-enters one woven method through its resumer bridge; the driver calls it for every resumed
 * frame. Implemented only by classes the runtime spins over the bridges (see
 * {@link SuspensionPoint#bootstrap}); public because those classes live in the woven classes' packages.
 * An interface call, which the JIT inlines at a monomorphic site, where invoking a
 * {@link java.lang.invoke.MethodHandle} held in a field cannot be inlined.
 */
@FunctionalInterface
public interface Resumer {

    /**
     * Resumes the frame on top of {@code stack}, as the bridge does.
     *
     * @param stack the fiber's stack, its top frame taken by the driver
     * @throws Throwable whatever the resumed method throws
     */
    void resume(FiberStack stack) throws Throwable;
}
