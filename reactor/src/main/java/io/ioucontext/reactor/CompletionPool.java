package io.ioucontext.reactor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The reactor's completion records, indexed by the user_data their SQEs carry; grows on demand. */
final class CompletionPool {

    private final Reactor reactor;
    private final List<Completion> byIndex = new ArrayList<>();
    private final ArrayDeque<Completion> free = new ArrayDeque<>();

    CompletionPool(Reactor reactor) {
        this.reactor = reactor;
    }

    /** @return a record that no operation uses */
    Completion acquire() {
        Completion completion = free.pollLast();
        if (completion == null) {
            completion = new Completion(reactor, byIndex.size());
            byIndex.add(completion);
        }
        return completion;
    }

    /** @param completion a record whose operation has completed, to be reused */
    void release(Completion completion) {
        completion.clear();
        free.addLast(completion);
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
