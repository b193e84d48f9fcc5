package io.ioucontext.instrument.classpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassLoaderSourceTest {

    private static final String NAME = "io/ioucontext/instrument/classpath/ClassLoaderSourceTest";

    @TempDir
    Path temp;

    /** A plain class path loader that can tell whether it defined a class. */
    private static final class InspectableLoader extends URLClassLoader {
        InspectableLoader(Path root) throws IOException {
            super(new URL[] {root.toUri().toURL()}, null);
        }

        Class<?> defined(String binaryName) {
            return findLoadedClass(binaryName);
        }
    }

    @Test
    void readsTheBytesOfAClassWithoutLoadingIt() throws IOException {
        byte[] classFile = ClassFiles.of(ClassLoaderSourceTest.class);
        ClassFiles.write(temp, NAME + ".class", classFile);

        try (InspectableLoader loader = new InspectableLoader(temp)) {
            ClassLoaderSource source = new ClassLoaderSource(loader);

            assertArrayEquals(classFile, source.read(NAME).orElseThrow());
            assertEquals(Optional.empty(), source.read("com/example/Missing"));
            assertNull(loader.defined(NAME.replace('/', '.')));
        }
    }
}
