package io.ioucontext.fiber;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that may suspend the fiber running it; the weaver rewrites such methods into
 * resumable state machines. On an interface, makes its single abstract method suspendable (so
 * lambdas implementing it are woven too). Overrides and implementations of a suspendable method are
 * suspendable without repeating the annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Suspendable {
}
