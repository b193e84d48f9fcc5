package io.ioucontext.natives;

import java.util.Locale;

/**
 * A platform this jar carries native libraries for. Each one names the class path folder that holds
 * its libraries, under {@code io/ioucontext/natives/}.
 */
enum Platform {
    /** 64-bit x86 Linux. */
    LINUX_X86_64("linux-x86_64");

    private static final String RESOURCE_ROOT = "io/ioucontext/natives/";

    private final String id;

    Platform(String id) {
        this.id = id;
    }

    /**
     * The platform this JVM runs on.
     *
     * @throws UnsatisfiedLinkError if this jar has no native libraries for it
     */
    static Platform current() {
        return of(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /**
     * The platform named by the JVM's {@code os.name} and {@code os.arch} values.
     *
     * @throws UnsatisfiedLinkError if this jar has no native libraries for it
     */
    static Platform of(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (os.equals("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            return LINUX_X86_64;
        }
        throw new UnsatisfiedLinkError("ioucontext native libraries exist for linux-x86_64 only; this JVM runs on os.name="
                + osName + ", os.arch=" + osArch);
    }

    /** The class path resource name of the shared library {@code libraryName} (as in {@code -lNAME}). */
    String resourceName(String libraryName) {
        return RESOURCE_ROOT + id + "/" + System.mapLibraryName(libraryName);
    }
}
