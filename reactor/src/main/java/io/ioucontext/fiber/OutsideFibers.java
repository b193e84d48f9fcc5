package io.ioucontext.fiber;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a method (or every method of a type) calls suspendable methods only outside fibers,
 * where they run to completion without suspending: the weaver neither weaves such a method nor
 * reports its calls. Should it run inside a fiber after all and a callee suspend, the fiber fails
 * with an {@link UninstrumentedFrameException} naming the frames around it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OutsideFibers {
}
