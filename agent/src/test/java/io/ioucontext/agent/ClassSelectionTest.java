package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassSelectionTest {

    @Test
    void neverSelectsTheJdkOrTheAgent() {
        ClassSelection everything = new ClassSelection(List.of(), List.of());

        for (String name : List.of("java/lang/String", "javax/net/ssl/SSLContext", "jdk/internal/misc/Unsafe",
                "sun/nio/ch/Net", "com/sun/crypto/provider/AESCrypt", "io/ioucontext/agent/IoucontextAgent",
                "io/ioucontext/agent/shaded/asm/ClassReader")) {
            assertFalse(everything.selects(name), name);
        }
        assertTrue(everything.selects("com/acme/Foo"));
        assertTrue(everything.selects("io/ioucontext/fiber/Fiber"));
        assertTrue(everything.selects("Unnamed"));
    }

    @Test
    void includedPackagesAndTheirSubpackagesOnly() {
        ClassSelection acme = new ClassSelection(List.of("com.acme", "org.example."), List.of());

        assertTrue(acme.selects("com/acme/Foo"));
        assertTrue(acme.selects("com/acme/deep/Bar"));
        assertTrue(acme.selects("org/example/Baz"));
        assertFalse(acme.selects("com/acmeish/Foo"));
        assertFalse(acme.selects("net/other/Foo"));
    }

    @Test
    void exclusionsWin() {
        ClassSelection selection = new ClassSelection(List.of("com.acme"), List.of("com.acme.generated"));

        assertTrue(selection.selects("com/acme/Foo"));
        assertFalse(selection.selects("com/acme/generated/Foo"));
    }
}
