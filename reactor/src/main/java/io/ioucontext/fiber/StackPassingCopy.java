package io.ioucontext.fiber;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put by the weaver on the copies it adds of woven methods, which take the fiber's stack as their
 * last parameter so that calls needing no dispatch skip looking it up (instrument/DESIGN.md,
 * "Stack-passing copies"). Never written by hand. The copies are not synthetic, so debuggers step
 * into them and coverage tools count their lines; this annotation, kept in the class file only,
 * tells them from a method of the same descriptor that the class's author declared.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface StackPassingCopy {
}
