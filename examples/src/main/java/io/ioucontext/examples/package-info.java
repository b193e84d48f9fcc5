/**
 * Programs in the manner of the original ioucontext examples, run by {@code ./iou cat|timers|port7 ...}:
 * {@link io.ioucontext.examples.IouCat}, {@link io.ioucontext.examples.IouTimers},
 * {@link io.ioucontext.examples.IouPort7}, and the
 * {@link io.ioucontext.examples.NopRoundTrip} cost sketch.
 */
package io.ioucontext.examples;
