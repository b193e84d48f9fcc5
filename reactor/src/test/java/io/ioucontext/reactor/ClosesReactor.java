package io.ioucontext.reactor;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes the test thread's reactor after each test, so that no ring, fiber or registration leaks
 * into the next test. Use it as {@code @ExtendWith(ClosesReactor.class)}.
 */
public final class ClosesReactor implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        Reactor.get().close();
    }
}
