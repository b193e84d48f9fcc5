package io.ioucontext.instrument.classpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompositeSourceTest {

    private static final String NAME = "io/ioucontext/instrument/classpath/CompositeSourceTest";

    @TempDir
    Path temp;

    @Test
    void asksEachSourceInTurn() throws IOException {
        byte[] classFile = ClassFiles.of(CompositeSourceTest.class);
        Path classes = Files.createDirectory(temp.resolve("classes"));
        ClassFiles.write(classes, NAME + ".class", classFile);

        try (CompositeSource source = CompositeSource.of(new ClassPathSource(List.of(classes)), new JdkSource())) {
            assertArrayEquals(classFile, source.read(NAME).orElseThrow());
            assertEquals("java/lang/Object", ClassFiles.nameIn(source.read("java/lang/Object").orElseThrow()));
            assertEquals(Optional.empty(), source.read("com/example/Missing"));
        }
    }

    @Test
    void closesItsClosableSources() throws IOException {
        Path jar = ClassFiles.jar(temp.resolve("lib.jar"), false,
                Map.of(NAME + ".class", ClassFiles.of(CompositeSourceTest.class)));
        ClassPathSource classPath = new ClassPathSource(List.of(jar));
        CompositeSource source = CompositeSource.of(new JdkSource(), classPath);

        source.close();

        assertThrows(IllegalStateException.class, () -> classPath.read(NAME));
    }
}
