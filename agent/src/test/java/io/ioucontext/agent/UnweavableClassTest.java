package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.agenttest.Greeter;
import io.ioucontext.agenttest.Polite;
import io.ioucontext.agenttest.PoliteGreeter;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class UnweavableClassTest {

    private static final String WHY = "ioucontext: com.acme.Foo cannot be woven:\n  com.acme.Foo.run(Foo.java:3): reason";

    private static byte[] classFileOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theClassLoadsButItsFirstUseThrowsTheReasons() throws Exception {
        DefiningLoader loader = new DefiningLoader();
        Class<?> poisoned = loader.define(Greeter.class,
                UnweavableClass.failingOnInitialisation(classFileOf(Greeter.class), WHY));

        assertEquals("main", poisoned.getMethod("main", String[].class).getName());
        LinkageError first = assertThrows(LinkageError.class, () -> Class.forName(Greeter.class.getName(), true, loader));
        assertEquals(WHY, first.getMessage());
        NoClassDefFoundError later = assertThrows(NoClassDefFoundError.class,
                () -> poisoned.getMethod("greeting").invoke(null));
        assertTrue(later.getCause().getMessage().contains("Foo.java:3"), later.getCause().getMessage());
    }

    @Test
    void anInterfaceWithDefaultMethodsFailsWhenAnImplementationIsInitialised() throws Exception {
        DefiningLoader loader = new DefiningLoader();
        loader.define(Polite.class, UnweavableClass.failingOnInitialisation(classFileOf(Polite.class), WHY));
        loader.define(PoliteGreeter.class, classFileOf(PoliteGreeter.class));

        LinkageError failure = assertThrows(LinkageError.class,
                () -> Class.forName(PoliteGreeter.class.getName(), true, loader));
        assertEquals(WHY, failure.getMessage());
    }

    @Test
    void veryLongReasonsAreCutToFitAConstant() throws Exception {
        String huge = "x".repeat(100_000);
        DefiningLoader loader = new DefiningLoader();
        loader.define(Greeter.class, UnweavableClass.failingOnInitialisation(classFileOf(Greeter.class), huge));

        LinkageError failure = assertThrows(LinkageError.class, () -> Class.forName(Greeter.class.getName(), true, loader));
        assertTrue(failure.getMessage().endsWith("\n..."));
    }
}
