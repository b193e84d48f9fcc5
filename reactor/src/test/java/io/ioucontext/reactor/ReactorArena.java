package io.ioucontext.reactor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A confined arena for one test that, after the test, closes the test thread's reactor and then
 * itself: the reactor first, so that no operation still in flight outlives the memory it reads or
 * writes. Register it as a field, {@code @RegisterExtension final ReactorArena arena = new ReactorArena();}.
 */
public final class ReactorArena implements Arena, AfterEachCallback {

    private final Arena arena = Arena.ofConfined();

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        return arena.allocate(byteSize, byteAlignment);
    }

    @Override
    public MemorySegment.Scope scope() {
        return arena.scope();
    }

    @Override
    public void close() {
        arena.close();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Reactor.get().close();
        arena.close();
    }
}
