package io.ioucontext.natives;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads a shared library that ships inside this jar as a class path resource, so that users set no
 * library path. The library is copied to a new private temporary file (mode 0600), loaded for the
 * life of the JVM, and the file is deleted at once: the loaded mapping outlives its name on Linux,
 * so no file is left behind and no other process can swap it.
 */
final class BundledLibrary {
    private BundledLibrary() {
    }

    /**
     * Loads library {@code name} (as in {@code -lNAME}) for the current platform, extracting it into
     * {@code java.io.tmpdir}.
     *
     * @throws UnsatisfiedLinkError if the platform is unsupported, the resource is missing, or the
     *         library cannot be extracted or loaded
     */
    static SymbolLookup load(String name) {
        return load(name, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #load(String)}, extracting into {@code directory}. */
    static SymbolLookup load(String name, Path directory) {
        String resource = Platform.current().resourceName(name);
        try (InputStream library = BundledLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (library == null) {
                throw new UnsatisfiedLinkError("no " + resource + " on the class path: the ioucontext-native jar is"
                        + " missing or was built without its native library");
            }
            return extractAndLoad(library, resource, directory);
        } catch (IOException e) {
            throw linkError("cannot extract " + resource + " into " + directory, e);
        }
    }

    private static SymbolLookup extractAndLoad(InputStream library, String resource, Path directory)
            throws IOException {
        Path file = Files.createTempFile(directory, "ioucontext-", "-" + resource.substring(resource.lastIndexOf('/') + 1));
        try {
            Files.copy(library, file, StandardCopyOption.REPLACE_EXISTING);
            return SymbolLookup.libraryLookup(file, Arena.global());
        } catch (IllegalArgumentException e) {
            throw linkError("cannot load " + resource + " extracted to " + file
                    + " (a directory mounted noexec cannot hold libraries: set java.io.tmpdir elsewhere)", e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static UnsatisfiedLinkError linkError(String message, Exception cause) {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError(message + ": " + cause.getMessage());
        error.initCause(cause);
        return error;
    }
}
