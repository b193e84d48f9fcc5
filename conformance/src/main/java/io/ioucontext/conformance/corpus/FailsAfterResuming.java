package io.ioucontext.conformance.corpus;

/** A shape whose run ends with an exception thrown after several resumes; nothing catches it. */
public final class FailsAfterResuming implements Shape {

    @Override
    public Object run() {
        int attempts = 0;
        while (attempts < 3) {
            attempts += Step.intValue("attempt " + attempts, 1);
        }
        throw new IllegalStateException("gave up after " + attempts + " attempts");
    }
}
