package io.ioucontext.conformance;

import io.ioucontext.conformance.corpus.Shape;
import io.ioucontext.fiber.Fiber;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles Java sources held in memory with the JDK's compiler; class files stay in memory too. */
final class InMemoryJavac {

    private InMemoryJavac() {
    }

    /**
     * Compiles sources that use the corpus ({@code Shape}, {@code Step}) and the fiber runtime.
     *
     * @param sources source text by binary class name ({@code a.b.C})
     * @return class files by internal name ({@code a/b/C})
     */
    static Map<String, byte[]> compileAgainstCorpus(Map<String, String> sources) {
        return compileAgainstCorpus(sources, 25);
    }

    /** As {@link #compileAgainstCorpus(Map)}, for an older Java release ({@code --release 8} and later). */
    static Map<String, byte[]> compileAgainstCorpus(Map<String, String> sources, int release) {
        return compile(sources, List.of(ChildJvm.locationOf(Shape.class), ChildJvm.locationOf(Fiber.class)), release);
    }

    /**
     * @param sources   source text by binary class name ({@code a.b.C})
     * @param classPath what the sources refer to
     * @return class files by internal name ({@code a/b/C})
     * @throws IllegalStateException with the compiler's messages when compilation fails
     */
    static Map<String, byte[]> compile(Map<String, String> sources, List<Path> classPath) {
        return compile(sources, classPath, 25);
    }

    private static Map<String, byte[]> compile(Map<String, String> sources, List<Path> classPath, int release) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(null, null, null);
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return outputs.computeIfAbsent(className.replace('.', '/'),
                                name -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(
                new SimpleJavaFileObject(URI.create("string:///" + name.replace('.', '/') + ".java"),
                        JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return text;
                    }
                }));
        StringWriter messages = new StringWriter();
        List<String> options = List.of("--release", Integer.toString(release), "-proc:none", "-g",
                "-Xlint:-options", "-cp",
                String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        if (!javac.getTask(messages, manager, null, options, null, units).call()) {
            throw new IllegalStateException("generated sources do not compile:\n" + messages);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }
}
