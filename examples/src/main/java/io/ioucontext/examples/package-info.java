/**
 * Programs in the manner of the original ioucontext examples, run by {@code ./iou cat|timers|port7 ...}:
 * {@link io.ioucontext.examples.IouCat}, {@link io.ioucontext.examples.IouTimers},
 * {@link io.ioucontext.examples.IouPort7}, and the
 * {@link io.ioucontext.examples.NopRoundTrip} cost sketch. Each rejects a bad argument with one
 * line naming it and exit status 2.
 */
package io.ioucontext.examples;
