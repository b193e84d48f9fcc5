package io.ioucontext.instrument.classpath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JdkSourceTest {

    private final JdkSource jdk = new JdkSource();

    @Test
    void readsClassesOfJavaBase() {
        assertEquals("java/lang/String", ClassFiles.nameIn(jdk.read("java/lang/String").orElseThrow()));
    }

    @Test
    void readsClassesOfOtherModules() {
        assertEquals("java/sql/Connection", ClassFiles.nameIn(jdk.read("java/sql/Connection").orElseThrow()));
        assertEquals("jdk/internal/misc/Unsafe",
                ClassFiles.nameIn(jdk.read("jdk/internal/misc/Unsafe").orElseThrow()));
    }

    @Test
    void knowsNothingElse() {
        assertEquals(Optional.empty(), jdk.read("java/lang/NoSuchClass"));
        assertEquals(Optional.empty(), jdk.read("com/example/Foo"));
        assertEquals(Optional.empty(), jdk.read("Unnamed"));
        assertEquals(Optional.empty(), jdk.read("[Ljava/lang/String;"));
    }
}
