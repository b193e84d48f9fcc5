package io.ioucontext.instrument.classpath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathSourceTest {

    private static final String NAME = "io/ioucontext/instrument/classpath/ClassPathSourceTest";

    @TempDir
    Path temp;

    @Test
    void readsFromADirectory() throws IOException {
        byte[] classFile = ClassFiles.of(ClassPathSourceTest.class);
        Path classes = Files.createDirectory(temp.resolve("classes"));
        ClassFiles.write(classes, NAME + ".class", classFile);

        try (ClassPathSource source = new ClassPathSource(List.of(classes))) {
            assertArrayEquals(classFile, source.read(NAME).orElseThrow());
            assertEquals(Optional.empty(), source.read("com/example/Missing"));
        }
    }

    @Test
    void readsFromAJar() throws IOException {
        byte[] classFile = ClassFiles.of(ClassPathSourceTest.class);
        Path jar = ClassFiles.jar(temp.resolve("lib.jar"), false, Map.of(NAME + ".class", classFile));

        try (ClassPathSource source = new ClassPathSource(List.of(jar))) {
            assertEquals(NAME, ClassFiles.nameIn(source.read(NAME).orElseThrow()));
            assertEquals(Optional.empty(), source.read("com/example/Missing"));
        }
    }

    @Test
    void theFirstEntryHoldingAClassWins() throws IOException {
        byte[] first = ClassFiles.of(ClassPathSourceTest.class);
        byte[] second = ClassFiles.of(JdkSourceTest.class);
        Path classes = Files.createDirectory(temp.resolve("classes"));
        ClassFiles.write(classes, NAME + ".class", first);
        Path jar = ClassFiles.jar(temp.resolve("lib.jar"), false, Map.of(NAME + ".class", second));

        try (ClassPathSource dirFirst = new ClassPathSource(List.of(classes, jar));
                ClassPathSource jarFirst = new ClassPathSource(List.of(jar, classes))) {
            assertArrayEquals(first, dirFirst.read(NAME).orElseThrow());
            assertArrayEquals(second, jarFirst.read(NAME).orElseThrow());
        }
    }

    @Test
    void aMultiReleaseJarIsReadForTheRunningJdk() throws IOException {
        byte[] base = ClassFiles.of(ClassPathSourceTest.class);
        byte[] versioned = ClassFiles.of(JdkSourceTest.class);
        Path jar = ClassFiles.jar(temp.resolve("mr.jar"), true, Map.of(
                NAME + ".class", base,
                "META-INF/versions/" + Runtime.version().feature() + "/" + NAME + ".class", versioned));

        try (ClassPathSource source = new ClassPathSource(List.of(jar))) {
            assertArrayEquals(versioned, source.read(NAME).orElseThrow());
        }
    }

    @Test
    void pathsWhereNothingExistsAreSkipped() throws IOException {
        try (ClassPathSource source = new ClassPathSource(List.of(temp.resolve("absent"), temp.resolve("absent.jar")))) {
            assertEquals(Optional.empty(), source.read(NAME));
        }
    }

    @Test
    void aFileThatIsNotAJarIsRefusedByName() throws IOException {
        Path notAJar = Files.writeString(temp.resolve("notes.txt"), "not a zip");

        IOException refused = assertThrows(IOException.class, () -> new ClassPathSource(List.of(notAJar)));

        assertTrue(refused.getMessage().contains(notAJar.toString()), refused.getMessage());
    }

    @Test
    void jarsAreUnusableOnceClosed() throws IOException {
        Path jar = ClassFiles.jar(temp.resolve("lib.jar"), false,
                Map.of(NAME + ".class", ClassFiles.of(ClassPathSourceTest.class)));
        ClassPathSource source = new ClassPathSource(List.of(jar));

        source.close();

        assertThrows(IllegalStateException.class, () -> source.read(NAME));
    }

    @Test
    void oneJarServesManyThreadsAtOnce() throws Exception {
        Map<String, byte[]> classFiles = Map.of(
                NAME, ClassFiles.of(ClassPathSourceTest.class),
                "io/ioucontext/instrument/classpath/JdkSourceTest", ClassFiles.of(JdkSourceTest.class),
                "io/ioucontext/instrument/classpath/CompositeSourceTest", ClassFiles.of(CompositeSourceTest.class));
        Map<String, byte[]> entries = new HashMap<>();
        classFiles.forEach((name, bytes) -> entries.put(name + ".class", bytes));
        Path jar = ClassFiles.jar(temp.resolve("lib.jar"), false, entries);

        try (ClassPathSource source = new ClassPathSource(List.of(jar));
                ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> readers = new ArrayList<>();
            for (int reader = 0; reader < 8; reader++) {
                readers.add(threads.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        for (Map.Entry<String, byte[]> expected : classFiles.entrySet()) {
                            if (!Arrays.equals(expected.getValue(), source.read(expected.getKey()).orElseThrow())) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> reader : readers) {
                assertTrue(reader.get());
            }
        }
    }
}
