package io.ioucontext.fiber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The explicit stack of one fiber: the frames woven methods saved while the fiber suspended, and
 * the values handed from a completed frame to its caller while it resumes.
 *
 * <p>Woven code reads {@link #state} and calls the public methods; nothing else should. Values live
 * in two stacks, a {@code long[]} for primitives (float and double as raw bits) and an
 * {@code Object[]} for references, allocated on the first suspension and grown as needed. A saved
 * frame is a block of references (the receiver first) topped by its {@link SuspensionPoint}, and a
 * block of primitives; the point says how big both blocks are. The innermost frame is on top: the
 * driver takes frames from the top, so a fiber that suspends again and again from its innermost
 * frame reuses the same slots. (Frames are saved innermost first while unwinding, so each
 * unwinding's blocks are put in stack order when it ends.) References are cleared as they are
 * restored; a resumed frame's point stays in its slot above the top (a point is a constant of its
 * woven class, no value of the fiber's), so that a frame suspending again where it did before
 * rewrites nothing.
 */
public final class FiberStack {

    /** The interface method the driver calls on a fiber's body: {@link SuspendableCallable#call()}. */
    private static final String BODY_CALL = "call()Ljava/lang/Object;";

    /** {@link #state}: the fiber runs normally (always, on the inert stack of a thread without fiber). */
    static final int RUNNING = 0;
    /** {@link #state}: the driver is re-entering a saved frame, whose prologue must dispatch. */
    static final int RESUMING = 1;
    /** {@link #state}: a primitive suspended the fiber; every woven frame saves itself and returns. */
    static final int UNWINDING = 2;

    /**
     * Tested by woven code on entry and after each suspension point: anything but {@link #RUNNING}
     * leads to the method's dispatch or save code. Written only by the runtime.
     */
    public int state;

    private static final long[] NO_PRIMS = {};
    private static final Object[] NO_REFS = {};

    /** The fiber whose stack this is; null for a thread's inert stack outside fibers. */
    final Fiber fiber;

    private long[] prims = NO_PRIMS;
    private int primTop;
    private Object[] refs = NO_REFS;
    private int refTop;

    private int unwindingPrimStart;
    private int unwindingRefStart;
    /** The primitive that began the last unwinding, name and descriptor ({@code park()V}). */
    private String primitive;
    private UninstrumentedFrameException brokenChain;
    /** With {@link StackVerifier#ENABLED}: the frames the unwinding must save, and those it saved. */
    private List<StackTraceElement> verifiedFrames;
    private List<SuspensionPoint> verifiedSaves;

    private int primRead;
    private int refRead;
    private int resumingIndex;

    private long resultPrim;
    private Object resultRef;
    private Throwable pending;

    FiberStack(Fiber fiber) {
        this.fiber = fiber;
    }

    /** The stack of the fiber running on this thread, or an inert stack whose state stays RUNNING. */
    public static FiberStack current() {
        return Carrier.current().stack;
    }

    // ---- prologue and resume dispatch ----

    /**
     * Ends the resume hand-over and tells the resumed method at which call site to continue.
     *
     * @throws UninstrumentedFrameException when a woven method is entered while the fiber suspends
     */
    public int resumePoint() {
        if (state == UNWINDING) {
            throw enteredWhileUnwinding();
        }
        state = RUNNING;
        return resumingIndex;
    }

    /** A woven method was called while the fiber was suspending: someone ignored the suspension. */
    private UninstrumentedFrameException enteredWhileUnwinding() {
        SuspensionPoint lastSaved = refTop > unwindingRefStart ? (SuspensionPoint) refs[refTop - 1] : null;
        String saved = lastSaved == null ? "Fiber." + primitive : lastSaved.toString();
        UninstrumentedFrameException broken = new UninstrumentedFrameException("a woven method was called"
                + " while the fiber was suspending from " + saved + ": a frame that was not woven, or a call"
                + " the weaver did not see as suspendable (e.g. through an interface method that is not"
                + " @Suspendable), ignored the suspension");
        if (brokenChain == null) {
            brokenChain = broken;
        }
        return broken;
    }

    /** The receiver saved by the frame being resumed (its first reference), without consuming it. */
    public Object receiver() {
        return refs[refRead];
    }

    // ---- saving a frame while unwinding ----

    /** Saves an int, boolean, byte, char or short value of the frame being saved. */
    public void saveInt(int value) {
        pushPrim(value);
    }

    /** Saves a long value of the frame being saved. */
    public void saveLong(long value) {
        pushPrim(value);
    }

    /** Saves a float value of the frame being saved. */
    public void saveFloat(float value) {
        pushPrim(Float.floatToRawIntBits(value));
    }

    /** Saves a double value of the frame being saved. */
    public void saveDouble(double value) {
        pushPrim(Double.doubleToRawLongBits(value));
    }

    /** Saves a reference of the frame being saved. */
    public void saveRef(Object value) {
        makeRefRoom();
        refs[refTop++] = value;
    }

    private void makeRefRoom() {
        if (refTop == refs.length) {
            refs = Arrays.copyOf(refs, grown(refs.length));
        }
    }

    /**
     * Closes the frame whose values were just saved. Whether it called the frame saved before it is
     * checked once the unwinding ends (see {@link #brokenCall()}), off the suspension path.
     *
     * @param point the call site at which the frame will resume
     */
    public void saveFrame(SuspensionPoint point) {
        makeRefRoom();
        if (refs[refTop] != point) {
            refs[refTop] = point; // a taken frame's point stays in its slot: suspending there again writes nothing
        }
        refTop++;
        if (StackVerifier.ENABLED) {
            verifiedSaves.add(point);
        }
    }

    private void pushPrim(long value) {
        if (primTop == prims.length) {
            prims = Arrays.copyOf(prims, grown(prims.length));
        }
        prims[primTop++] = value;
    }

    /** Grows by half (not double): a suspended fiber's arrays are what it retains. */
    private static int grown(int length) {
        return Math.max(4, length + (length >> 1));
    }

    // ---- restoring a frame ----

    /** Restores the next int-like value of the frame being resumed. */
    public int restoreInt() {
        return (int) prims[primRead++];
    }

    /** Restores the next long value of the frame being resumed. */
    public long restoreLong() {
        return prims[primRead++];
    }

    /** Restores the next float value of the frame being resumed. */
    public float restoreFloat() {
        return Float.intBitsToFloat((int) prims[primRead++]);
    }

    /** Restores the next double value of the frame being resumed. */
    public double restoreDouble() {
        return Double.longBitsToDouble(prims[primRead++]);
    }

    /** Restores the next reference of the frame being resumed, clearing its slot. */
    public Object restoreRef() {
        Object value = refs[refRead];
        refs[refRead++] = null;
        return value;
    }

    // ---- results handed from a completed frame to its caller ----

    /** The callee completed without a value, or throws what it threw. */
    public void resultVoid() throws Throwable {
        throwPending();
    }

    /** The callee's int-like result, or throws what it threw. */
    public int resultInt() throws Throwable {
        throwPending();
        return (int) resultPrim;
    }

    /** The callee's long result, or throws what it threw. */
    public long resultLong() throws Throwable {
        throwPending();
        return resultPrim;
    }

    /** The callee's float result, or throws what it threw. */
    public float resultFloat() throws Throwable {
        throwPending();
        return Float.intBitsToFloat((int) resultPrim);
    }

    /** The callee's double result, or throws what it threw. */
    public double resultDouble() throws Throwable {
        throwPending();
        return Double.longBitsToDouble(resultPrim);
    }

    /** The callee's reference result, or throws what it threw. */
    public Object resultRef() throws Throwable {
        throwPending();
        Object value = resultRef;
        resultRef = null;
        return value;
    }

    private void throwPending() throws Throwable {
        Throwable failure = pending;
        if (failure != null) {
            pending = null;
            throw failure;
        }
    }

    /** A resumed frame completed without a value. */
    public void returnVoid() {
        resultRef = null;
    }

    /** A resumed frame returned an int-like value. */
    public void returnInt(int value) {
        resultPrim = value;
    }

    /** A resumed frame returned a long. */
    public void returnLong(long value) {
        resultPrim = value;
    }

    /** A resumed frame returned a float. */
    public void returnFloat(float value) {
        resultPrim = Float.floatToRawIntBits(value);
    }

    /** A resumed frame returned a double. */
    public void returnDouble(double value) {
        resultPrim = Double.doubleToRawLongBits(value);
    }

    /** A resumed frame returned a reference. */
    public void returnRef(Object value) {
        resultRef = value;
    }

    // ---- the driver's side ----

    /** Starts unwinding on behalf of a fiber primitive, e.g. {@code park()V}. */
    void beginUnwinding(String calledPrimitive) {
        if (state == UNWINDING) {
            brokenChain = new UninstrumentedFrameException("Fiber." + calledPrimitive
                    + " was called while the fiber was already suspending: a frame that was not woven"
                    + " ignored an earlier suspension");
            return;
        }
        if (StackVerifier.ENABLED) {
            verifiedFrames = StackVerifier.wovenFrames(calledPrimitive); // throws before anything unwinds
            verifiedSaves = new ArrayList<>();
        }
        state = UNWINDING;
        unwindingPrimStart = primTop;
        unwindingRefStart = refTop;
        if (primitive != calledPrimitive) {
            primitive = calledPrimitive; // a fiber suspends through the same primitive again and again
        }
    }

    /** The primitive that started the latest unwinding, the very string passed to {@link #beginUnwinding}. */
    String primitive() {
        return primitive;
    }

    /**
     * Ends an unwinding that reached the fiber's driver from a frame it resumed: the frames it
     * saved, innermost first, are checked and turned over so that the innermost one is on top of
     * the stack. The outermost must be the resumed frame itself, saved again: anything else means
     * an unwoven frame it called ignored the suspension and the resumed frame returned.
     *
     * @param resumed the point at which the driver resumed the frame the unwinding reached it from
     * @throws UninstrumentedFrameException when an unwoven frame was found on the way
     */
    void endUnwinding(SuspensionPoint resumed) {
        state = RUNNING;
        SuspensionPoint only = onlyFrameCallingThePrimitive();
        if (only != null && only.inSameMethod(resumed)) {
            return; // the usual suspension: the resumed frame alone, which called the primitive itself
        }
        endDeepUnwinding(null, resumed);
    }

    /**
     * The frame this unwinding saved, when it saved one alone, which called the primitive itself,
     * and nothing else is to check; else null.
     */
    private SuspensionPoint onlyFrameCallingThePrimitive() {
        int top = refTop;
        if (top > unwindingRefStart && brokenChain == null && !StackVerifier.ENABLED) {
            SuspensionPoint only = (SuspensionPoint) refs[top - 1];
            if (top - 1 - only.references() == unwindingRefStart && only.calls(primitive, null)) {
                return only;
            }
        }
        return null;
    }

    /**
     * {@link #endUnwinding} of the fiber's first run, which the driver entered by calling its
     * body: the outermost saved frame must be one that call enters directly (see
     * {@link SuspensionPoint#enteredFrom}), or, when no frame was saved, the body must be a method
     * reference straight to the primitive. Otherwise an unwoven frame right below the entry returned
     * to the driver, and resuming would end the fiber with the inner frame's result.
     *
     * @param body the fiber's body
     * @throws UninstrumentedFrameException when an unwoven frame was found on the way
     */
    void endFirstUnwinding(Object body) {
        state = RUNNING;
        SuspensionPoint only = onlyFrameCallingThePrimitive();
        if (only != null && only.enteredFrom(body, BODY_CALL)) {
            return;
        }
        endDeepUnwinding(body, null);
    }

    /**
     * {@link #endUnwinding} of several frames, of a broken chain, or of a first run.
     *
     * @param body    the fiber's body, on its first run; else null
     * @param resumed the point the driver resumed, after the first run; else null
     */
    private void endDeepUnwinding(Object body, SuspensionPoint resumed) {
        // a body that is a method reference straight to the primitive saves no frame at all
        boolean primitiveBody = body != null && refTop == unwindingRefStart
                && SuspendableLambdas.forwards(BODY_CALL, Fiber.class, primitive);
        UninstrumentedFrameException broken = brokenChain;
        if (broken == null && !primitiveBody) {
            broken = brokenCall();
        }
        if (broken == null && StackVerifier.ENABLED) {
            broken = StackVerifier.mismatch(verifiedFrames, verifiedSaves);
        }
        if (broken == null && body != null && !primitiveBody) {
            broken = brokenEntry(body);
        }
        if (broken == null && resumed != null) {
            broken = brokenResume(resumed);
        }
        if (broken != null) {
            throw broken;
        }
        putInStackOrder();
    }

    /** Whether the frame the driver resumed is the outermost frame saved (one at least). */
    private UninstrumentedFrameException brokenResume(SuspensionPoint resumed) {
        SuspensionPoint outermost = (SuspensionPoint) refs[refTop - 1];
        if (outermost.inSameMethod(resumed)) {
            return null;
        }
        return new UninstrumentedFrameException("a frame that was not woven sits between " + resumed
                + ", resumed by the fiber's driver, and " + outermost + ": it ignored the suspension, and the"
                + " resumed frame returned to the driver");
    }

    /** Whether the driver's call of {@code body} can have entered the outermost frame saved (one at least). */
    private UninstrumentedFrameException brokenEntry(Object body) {
        SuspensionPoint outermost = (SuspensionPoint) refs[refTop - 1];
        if (outermost.enteredFrom(body, BODY_CALL)) {
            return null;
        }
        return new UninstrumentedFrameException("a frame that was not woven sits between the fiber's entry, which"
                + " calls " + BODY_CALL + " on " + body.getClass().getName() + ", and " + outermost);
    }

    /**
     * Checks the frames this unwinding saved, from the outermost (on top) in: each must have called
     * the frame saved before it, the innermost the primitive. A mismatch means an unwoven frame sat
     * between them (see {@link SuspensionPoint#calls}).
     *
     * @return the failure naming the innermost such pair, or null
     */
    private UninstrumentedFrameException brokenCall() {
        int top = refTop;
        if (top == unwindingRefStart) {
            return new UninstrumentedFrameException("Fiber." + primitive + " was called from a frame that was not woven");
        }
        UninstrumentedFrameException broken = null;
        SuspensionPoint caller = (SuspensionPoint) refs[top - 1];
        for (;;) {
            top -= 1 + caller.references();
            SuspensionPoint callee = top > unwindingRefStart ? (SuspensionPoint) refs[top - 1] : null;
            if (!caller.calls(callee == null ? primitive : callee.method(), callee)) {
                broken = new UninstrumentedFrameException("a frame that was not woven sits between " + caller
                        + ", which calls " + caller.callee() + ", and "
                        + (callee == null ? "Fiber." + primitive : callee.toString()));
            }
            if (callee == null) {
                return broken;
            }
            caller = callee;
        }
    }

    /**
     * Reverses the order of the blocks saved by this unwinding, each block keeping its own order:
     * reverse both ranges whole (blocks come out in stack order, each one backwards), then walk
     * them from the bottom, where each reversed reference block starts with its point, and reverse
     * every block back.
     */
    private void putInStackOrder() {
        reverse(refs, unwindingRefStart, refTop);
        reverse(prims, unwindingPrimStart, primTop);
        int ref = unwindingRefStart;
        int prim = unwindingPrimStart;
        while (ref < refTop) {
            SuspensionPoint point = (SuspensionPoint) refs[ref];
            int refEnd = ref + 1 + point.references();
            int primEnd = prim + point.primitives();
            reverse(refs, ref, refEnd);
            reverse(prims, prim, primEnd);
            ref = refEnd;
            prim = primEnd;
        }
    }

    private static void reverse(Object[] values, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            Object swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    private static void reverse(long[] values, int from, int to) {
        for (int i = from, j = to - 1; i < j; i++, j--) {
            long swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /**
     * An exception escaped to the driver; while unwinding that means an unwoven frame failed on the
     * dummy value a woven callee returned to it.
     */
    Throwable escaped(Throwable failure) {
        UninstrumentedFrameException broken = brokenChain;
        if (state != UNWINDING && broken == null) {
            return failure;
        }
        state = RUNNING;
        if (broken == null && refTop > unwindingRefStart) {
            broken = brokenCall();
        }
        if (broken == null) {
            return new UninstrumentedFrameException("a frame that was not woven failed while the fiber was"
                    + " suspending", failure);
        }
        if (broken != failure) {
            broken.addSuppressed(failure);
        }
        return broken;
    }

    /** Whether saved frames are left to resume. */
    boolean hasFrames() {
        return refTop > 0;
    }

    /**
     * Pops the innermost saved frame and prepares it for its resumer; {@link #hasFrames()} first.
     * Its values stay readable above the new tops until its restore block has read them: nothing is
     * saved before that.
     */
    SuspensionPoint takeFrame() {
        SuspensionPoint point = (SuspensionPoint) refs[--refTop]; // left in place, see saveFrame
        refTop -= point.references();
        refRead = refTop;
        primTop -= point.primitives();
        primRead = primTop;
        resumingIndex = point.index();
        state = RESUMING;
        return point;
    }

    /** Whether a primitive suspended the fiber and its frames are saving themselves. */
    boolean isUnwinding() {
        return state == UNWINDING;
    }

    /** Hands an exception to the next frame to resume: its suspension point throws it. */
    void fail(Throwable failure) {
        pending = failure;
    }

    /** The pending exception, taken, or null. */
    Throwable takePending() {
        Throwable failure = pending;
        pending = null;
        return failure;
    }

    /** The innermost saved frame, left in place; {@link #hasFrames()} first. */
    SuspensionPoint peekFrame() {
        return (SuspensionPoint) refs[refTop - 1];
    }

    /**
     * Converts the completed frame's result to what its caller's call site expects, as the
     * forwarding class {@code LambdaMetafactory} spins for a method reference would have (that
     * class holds no state and is not re-entered): boxing, unboxing or widening a primitive.
     *
     * @param from the completed method's return sort
     * @param to   the call site's expected return sort
     */
    void adaptResult(char from, char to) {
        boolean fromRef = from == 'L' || from == '[';
        boolean toRef = to == 'L' || to == '[';
        if (from == to || to == 'V' || (fromRef && toRef)) {
            return;
        }
        if (toRef) {
            resultRef = result(from);
            return;
        }
        if (fromRef) {
            Object boxed = resultRef;
            resultRef = null;
            if (boxed instanceof Boolean bool) {
                resultPrim = bool ? 1 : 0;
            } else if (boxed instanceof Character character) {
                widen(character, to);
            } else {
                Number number = (Number) boxed;
                switch (to) {
                    case 'J' -> resultPrim = number.longValue();
                    case 'F' -> resultPrim = Float.floatToRawIntBits(number.floatValue());
                    case 'D' -> resultPrim = Double.doubleToRawLongBits(number.doubleValue());
                    default -> resultPrim = number.intValue();
                }
            }
            return;
        }
        switch (from) {
            case 'J' -> widen(resultPrim, to);
            case 'F' -> resultPrim = Double.doubleToRawLongBits(Float.intBitsToFloat((int) resultPrim));
            default -> widen((int) resultPrim, to);
        }
    }

    /** Stores an integral value as the expected sort (int-like, long, float or double). */
    private void widen(long value, char to) {
        switch (to) {
            case 'F' -> resultPrim = Float.floatToRawIntBits((float) value);
            case 'D' -> resultPrim = Double.doubleToRawLongBits((double) value);
            default -> resultPrim = value;
        }
    }

    /** The last completed frame's result, boxed according to its method's return type. */
    Object result(char returnSort) {
        return switch (returnSort) {
            case 'V' -> null;
            case 'Z' -> resultPrim != 0;
            case 'B' -> (byte) resultPrim;
            case 'C' -> (char) resultPrim;
            case 'S' -> (short) resultPrim;
            case 'I' -> (int) resultPrim;
            case 'J' -> resultPrim;
            case 'F' -> Float.intBitsToFloat((int) resultPrim);
            case 'D' -> Double.longBitsToDouble(resultPrim);
            default -> {
                Object value = resultRef;
                resultRef = null;
                yield value;
            }
        };
    }

    /**
     * The points at which the saved frames will resume, innermost first. Meaningful while the fiber
     * is suspended; read by another thread after the fiber's state (a volatile field) said so.
     */
    List<SuspensionPoint> savedPoints() {
        Object[] values = refs;
        List<SuspensionPoint> points = new ArrayList<>();
        for (int top = Math.min(refTop, values.length); top > 0; ) {
            if (!(values[top - 1] instanceof SuspensionPoint point)) {
                break; // changed under our feet: the fiber is running again
            }
            points.add(point);
            top -= 1 + point.references();
        }
        return points;
    }

    /** How many array slots hold saved values, points and receivers (what a suspended fiber retains). */
    int storedSlots() {
        return primTop + refTop;
    }

    /** Drops every saved value, so a failed fiber retains nothing. */
    void clear() {
        Arrays.fill(refs, null);
        primTop = refTop = 0;
        resultRef = null;
        pending = null;
        brokenChain = null;
        state = RUNNING;
    }
}
