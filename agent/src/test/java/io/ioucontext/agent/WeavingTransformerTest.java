package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ioucontext.agenttest.Greeter;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WeavingTransformerTest {

    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final WeavingTransformer transformer = new WeavingTransformer(
            new AgentOptions(List.of(), List.of(), true, Optional.empty(), true),
            new PrintStream(messages, true, StandardCharsets.UTF_8));

    private static byte[] classFileOf(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void leavesAClassWithoutSuspendableMethodsAlone() throws Exception {
        ClassLoader loader = Greeter.class.getClassLoader();

        assertNull(transformer.transform(Greeter.class.getModule(), loader, "io/ioucontext/agenttest/Greeter", null,
                null, classFileOf(Greeter.class)));
        assertEquals("", messages.toString(StandardCharsets.UTF_8));
    }

    @Test
    void neverLooksAtTheJdk() throws Exception {
        assertNull(transformer.transform(Object.class.getModule(), null, "java/lang/String", null, null,
                classFileOf(String.class)));
    }
}
