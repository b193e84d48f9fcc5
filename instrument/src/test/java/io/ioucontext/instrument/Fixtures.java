package io.ioucontext.instrument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Test fixtures compiled by javac in memory, so the weaver sees the shapes javac really emits. The
 * fiber runtime's annotations and primitives are compiled from the small stand-ins in
 * {@link #RUNTIME} (the instrument module does not depend on the runtime; the weaver knows it only
 * by name). Serves as the weaver's {@link ClassFileSource}: compiled classes first, then the JDK's
 * class files read as resources (never loaded).
 */
final class Fixtures implements ClassFileSource {

    static final Map<String, String> RUNTIME = Map.of(
            "io/ioucontext/fiber/Suspendable", """
                    package io.ioucontext.fiber;
                    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                    public @interface Suspendable {}
                    """,
            "io/ioucontext/fiber/OutsideFibers", """
                    package io.ioucontext.fiber;
                    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                    public @interface OutsideFibers {}
                    """,
            "io/ioucontext/fiber/Woven", """
                    package io.ioucontext.fiber;
                    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                    public @interface Woven { int version(); }
                    """,
            "io/ioucontext/fiber/Fiber", """
                    package io.ioucontext.fiber;
                    public final class Fiber {
                        public static void park() {}
                        public static void yield() {}
                    }
                    """,
            "io/ioucontext/fiber/FiberStack", """
                    package io.ioucontext.fiber;
                    public final class FiberStack {}
                    """,
            "io/ioucontext/fiber/SuspendableRunnable", """
                    package io.ioucontext.fiber;
                    @Suspendable
                    public interface SuspendableRunnable { @Suspendable void run() throws Exception; }
                    """);

    private final Map<String, byte[]> classes;

    private Fixtures(Map<String, byte[]> classes) {
        this.classes = classes;
    }

    /** Compiles the given sources (internal class name of the top-level class to source text). */
    static Fixtures compile(Map<String, String> sources) {
        Map<String, String> all = new TreeMap<>(RUNTIME);
        all.putAll(sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, byte[]> out = new TreeMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(null, null, null);
        var files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className,
                                                       JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"),
                        kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return new ByteArrayOutputStream() {
                            @Override
                            public void close() {
                                out.put(className.replace('.', '/'), toByteArray());
                            }
                        };
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        all.forEach((name, text) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        var diagnostics = new javax.tools.DiagnosticCollector<JavaFileObject>();
        boolean ok = javac.getTask(null, files, diagnostics, List.of("--release", "25", "-g"), null, units).call();
        if (!ok) {
            throw new IllegalArgumentException("fixtures do not compile: " + diagnostics.getDiagnostics());
        }
        return new Fixtures(out);
    }

    /** The compiled bytes of a class. */
    byte[] bytes(String internalName) {
        byte[] bytes = classes.get(internalName);
        if (bytes == null) {
            throw new IllegalArgumentException("no fixture class " + internalName + " in " + classes.keySet());
        }
        return bytes;
    }

    /** The fixture classes (not the runtime stand-ins). */
    List<String> fixtureClasses() {
        return classes.keySet().stream().filter(n -> !n.startsWith("io/ioucontext/fiber/")).toList();
    }

    @Override
    public Optional<byte[]> read(String internalName) {
        byte[] compiled = classes.get(internalName);
        if (compiled != null) {
            return Optional.of(compiled);
        }
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class loader defining the given (woven or not) class files by name, for verification. */
    ClassLoader loader(Map<String, byte[]> overrides) {
        return new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                String internal = name.replace('.', '/');
                byte[] bytes = overrides.getOrDefault(internal, classes.get(internal));
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }
}
