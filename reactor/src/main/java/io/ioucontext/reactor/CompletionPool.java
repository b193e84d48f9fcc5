package io.ioucontext.reactor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The reactor's completion records, indexed by the user_data their SQEs carry; grows on demand. */
final class CompletionPool {

    private final Reactor reactor;
    private final List<Completion> byIndex = new ArrayList<>();
    /** The records no operation uses, a stack: the last released, still in cache, goes out first. */
    private Completion[] free = new Completion[16];
    private int freeCount;

    CompletionPool(Reactor reactor) {
        this.reactor = reactor;
    }

    /** @return a record that no operation uses */
    Completion acquire() {
        if (freeCount == 0) {
            Completion completion = new Completion(reactor, byIndex.size());
            byIndex.add(completion);
            return completion;
        }
        return free[--freeCount];  // the slot may keep it: byIndex refers to every record anyway
    }

    /** @param completion a record whose operation has completed, to be reused */
    void release(Completion completion) {
        completion.clear();
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = completion;
    }

    /**
     * @param userData a CQE's user_data
     * @return the record whose index it is (the low half)
     */
    Completion get(long userData) {
        return byIndex.get((int) userData);
    }

    /** @return every record, in use or free (for the rare searches cancellation makes) */
    List<Completion> all() {
        return byIndex;
    }
}
