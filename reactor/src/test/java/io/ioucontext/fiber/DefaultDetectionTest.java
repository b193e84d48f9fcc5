package io.ioucontext.fiber;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A test of the messages of the always-on checks for unwoven frames, made when an unwinding ends.
 * The full verifier ({@code -Diou.fiber.verify=true}, {@code ./iou test-verified}) reports the same
 * frames earlier, at the suspension, in its own words, so such tests are left out of its runs (tag
 * {@value #TAG}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@Tag(DefaultDetectionTest.TAG)
@interface DefaultDetectionTest {

    /** The tag {@code ./iou test-verified} excludes. */
    String TAG = "default-detection";
}
