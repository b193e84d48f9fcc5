package io.ioucontext.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The workload of the agent start-up measurement ({@code bench/run agent}): loads, without
 * initialising them, the classes of many jars that are on the class path, the way a large
 * application's start-up does, so that a {@code -javaagent} sees every one of them. It reads the
 * jars' names from a file (the same jars, in the same order, as on the class path) and calls
 * {@link Class#forName(String, boolean, ClassLoader)} on each class entry; a class that cannot be
 * loaded (a dependency missing from the class path, a class for another JDK) is counted, not fatal.
 * It prints one line: {@code classes <loaded> failed <failed> ms <load time>}.
 */
public final class ClassPathLoad {

    private static final String SUFFIX = ".class";

    /**
     * @param args the file listing the jars, one path per line
     * @throws IOException when the list or a jar cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ClassPathLoad JAR-LIST-FILE");
            System.exit(2);
        }
        List<String> jars = Files.readAllLines(Path.of(args[0]));
        ClassLoader loader = ClassPathLoad.class.getClassLoader();
        long start = System.nanoTime();
        int loaded = 0;
        int failed = 0;
        for (String jar : jars) {
            try (JarFile file = new JarFile(jar)) {
                for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                    String name = entries.nextElement().getName();
                    if (!isLoadable(name)) {
                        continue;
                    }
                    try {
                        Class.forName(name.substring(0, name.length() - SUFFIX.length()).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (LinkageError | ClassNotFoundException e) {
                        failed++;  // e.g. a superclass from a jar that is not on the class path
                    }
                }
            }
        }
        System.out.printf("classes %d failed %d ms %d%n", loaded, failed, (System.nanoTime() - start) / 1_000_000);
    }

    /** Class entries that name a class of the jar's own (not a module or package descriptor, not another release's). */
    private static boolean isLoadable(String entry) {
        return entry.endsWith(SUFFIX) && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class")
                && !entry.endsWith("package-info.class");
    }

    private ClassPathLoad() {
    }
}
