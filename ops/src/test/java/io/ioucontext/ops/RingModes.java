package io.ioucontext.ops;

import io.ioucontext.reactor.RingMode;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Arguments for tests of operations kept armed: every ring mode, with multishot on and off. */
final class RingModes {

    /** For {@code @MethodSource}: the full name of {@link #withAndWithoutMultishot()}. */
    static final String WITH_AND_WITHOUT_MULTISHOT = "io.ioucontext.ops.RingModes#withAndWithoutMultishot";

    private RingModes() {
    }

    /** @return (mode, multishot) for every ring mode, multishot true then false */
    static Stream<Arguments> withAndWithoutMultishot() {
        return Stream.of(RingMode.values()).flatMap(mode -> Stream.of(Arguments.of(mode, true), Arguments.of(mode, false)));
    }
}
