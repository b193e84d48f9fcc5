/**
 * Programs in the manner of the original ioucontext examples, run by {@code ./iou cat|timers ...}:
 * {@link io.ioucontext.examples.IouCat}, {@link io.ioucontext.examples.IouTimers}, and the
 * {@link io.ioucontext.examples.NopRoundTrip} cost sketch.
 */
package io.ioucontext.examples;
