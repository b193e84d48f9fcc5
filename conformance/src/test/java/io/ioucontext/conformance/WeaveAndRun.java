package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.conformance.corpus.Shape;
import io.ioucontext.conformance.driver.ShapeRun;
import io.ioucontext.instrument.ClassFileSource;
import io.ioucontext.instrument.WeaveException;
import io.ioucontext.instrument.Weaver;
import io.ioucontext.instrument.classpath.ClassLoaderSource;
import io.ioucontext.instrument.classpath.CompositeSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Weaves classes that exist only as bytes with the {@link Weaver}, checks the woven classes with
 * {@code CheckClassAdapter}, and runs a {@link Shape} among them plain (unwoven) and in a fiber
 * (woven), asserting that both runs agree and that the fiber suspended at every step.
 */
final class WeaveAndRun {

    private WeaveAndRun() {
    }

    /**
     * Weaves every class of {@code unwoven} (internal name to bytes) as one batch, as the build
     * plugin weaves a directory; classes needing no change are kept.
     */
    static Map<String, byte[]> weaveAll(Map<String, byte[]> unwoven) throws WeaveException {
        Weaver weaver = new Weaver(sourceOf(unwoven), unwoven::containsKey);
        Map<String, byte[]> woven = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : unwoven.entrySet()) {
            woven.put(entry.getKey(), weaver.weave(entry.getValue()).orElse(entry.getValue()));
        }
        return woven;
    }

    /**
     * Weaves one class alone, as the agent does, reading the classes it refers to from
     * {@code classPath} (internal name to bytes, woven or not); the class itself if it needs no change.
     */
    static byte[] weaveAlone(Map<String, byte[]> classPath, String name) throws WeaveException {
        return new Weaver(sourceOf(classPath)).weave(classPath.get(name)).orElse(classPath.get(name));
    }

    private static ClassFileSource sourceOf(Map<String, byte[]> classes) {
        return CompositeSource.of(name -> Optional.ofNullable(classes.get(name)),
                new ClassLoaderSource(WeaveAndRun.class.getClassLoader()));
    }

    /** A loader defining these classes (internal name to bytes) over the test class path. */
    static ClassLoader loaderOf(Map<String, byte[]> classes) {
        Map<String, byte[]> byBinaryName = new HashMap<>();
        classes.forEach((name, bytes) -> byBinaryName.put(name.replace('/', '.'), bytes));
        return new BytesClassLoader(byBinaryName, WeaveAndRun.class.getClassLoader());
    }

    /** Asserts that every class passes {@code CheckClassAdapter} with a loader that sees them all. */
    static void assertVerifies(Map<String, byte[]> classes) {
        ClassLoader loader = loaderOf(classes);
        StringWriter problems = new StringWriter();
        classes.values().forEach(bytes -> CheckClassAdapter.verify(new ClassReader(bytes), loader, false,
                new PrintWriter(problems)));
        assertEquals("", problems.toString(), "woven classes that do not verify");
    }

    /** A new instance of the shape {@code shapeName} (internal name) defined by a fresh loader over {@code classes}. */
    static Shape shape(Map<String, byte[]> classes, String shapeName) throws ReflectiveOperationException {
        return (Shape) loaderOf(classes).loadClass(shapeName.replace('/', '.')).getDeclaredConstructor().newInstance();
    }

    /**
     * Weaves the classes, verifies them, runs the shape plain and woven; asserts equal runs and a
     * suspension at every step. Returns the fiber run.
     */
    static ShapeRun assertSameAsPlain(Map<String, byte[]> unwoven, String shapeName) throws Exception {
        return assertSameAsPlain(unwoven, shapeName, Runnable::run);
    }

    /** As {@link #assertSameAsPlain(Map, String)}, with each resume run by {@code resumeOn}. */
    static ShapeRun assertSameAsPlain(Map<String, byte[]> unwoven, String shapeName, Consumer<Runnable> resumeOn)
            throws Exception {
        Map<String, byte[]> woven = weaveAll(unwoven);
        assertVerifies(woven);
        ShapeRun plain = ShapeRun.plain(shape(unwoven, shapeName));
        ShapeRun fiber = ShapeRun.inFiber(shape(woven, shapeName), resumeOn);
        assertEquals(plain.transcript(), fiber.transcript(), "transcript");
        assertEquals(plain.outcome(), fiber.outcome(), () -> "outcome; fiber failure: "
                + fiber.failure().map(WeaveAndRun::stackTrace).orElse("none"));
        assertEquals(plain.steps(), fiber.steps(), "steps");
        assertTrue(fiber.suspendedAtEveryStep(), () -> "did not suspend at every step: steps " + fiber.steps()
                + ", step counts at resumes " + fiber.stepsAtResume());
        return fiber;
    }

    private static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
