package io.ioucontext.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledLibraryTest {
    @TempDir
    Path directory;

    @Test
    void loadsTheBundledLibraryAndLeavesNoFileBehind() throws IOException {
        SymbolLookup library = BundledLibrary.load("iou_rustls", directory);

        assertTrue(library.find("iou_rustls_version").isPresent());
        assertEquals(List.of(), filesIn(directory));
    }

    @Test
    void aMissingResourceIsNamed() {
        UnsatisfiedLinkError error =
                assertThrows(UnsatisfiedLinkError.class, () -> BundledLibrary.load("no_such_library", directory));

        assertTrue(error.getMessage().contains("no io/ioucontext/natives/linux-x86_64/libno_such_library.so on the class path"),
                error.getMessage());
    }

    @Test
    void aDirectoryThatCannotHoldTheLibraryIsNamed() {
        Path missing = directory.resolve("missing");

        UnsatisfiedLinkError error =
                assertThrows(UnsatisfiedLinkError.class, () -> BundledLibrary.load("iou_rustls", missing));

        assertTrue(error.getMessage().startsWith("cannot extract io/ioucontext/natives/linux-x86_64/libiou_rustls.so into "
                + missing), error.getMessage());
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
