package io.ioucontext.agent;

import java.util.function.Supplier;

/**
 * A value made on first use, once, even when several threads ask at the same time: what the
 * agent can do without until the first class that needs it, so that its start stays cheap.
 */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> maker;
    private volatile T value;

    /** @param maker makes the value; called at most once */
    Lazy(Supplier<T> maker) {
        this.maker = maker;
    }

    @Override
    public T get() {
        T made = value;
        if (made == null) {
            synchronized (this) {
                if (value == null) {
                    value = maker.get();
                }
                made = value;
            }
        }
        return made;
    }
}
