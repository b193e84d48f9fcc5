package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.agenttest.Greeter;
import io.ioucontext.agenttest.Locked;
import io.ioucontext.agenttest.Parker;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;

class WeavingTransformerTest {

    @TempDir
    Path dump;

    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    private WeavingTransformer transformer(List<String> exclude) {
        return new WeavingTransformer(new AgentOptions(List.of(), exclude, true, Optional.of(dump), true),
                new PrintStream(messages, true, StandardCharsets.UTF_8));
    }

    private static byte[] classFileOf(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static byte[] transform(WeavingTransformer transformer, Class<?> type) throws Exception {
        return transformer.transform(type.getModule(), type.getClassLoader(), type.getName().replace('.', '/'), null,
                null, classFileOf(type));
    }

    private String messages() {
        return messages.toString(StandardCharsets.UTF_8);
    }

    @Test
    void weavesASuspendableClassAndDumpsIt() throws Exception {
        byte[] woven = transform(transformer(List.of()), Parker.class);

        assertNotNull(woven);
        ClassNode node = new ClassNode();
        new ClassReader(woven).accept(node, 0);
        assertTrue(node.methods.stream().anyMatch(method -> method.name.startsWith("pause$iou$resume")));
        assertEquals("[ioucontext] woven " + Parker.class.getName(), messages().strip());
        assertTrue(Files.isRegularFile(dump.resolve("io/ioucontext/agenttest/Parker.class")));
    }

    @Test
    void leavesAClassWithoutSuspendableMethodsAlone() throws Exception {
        assertNull(transform(transformer(List.of()), Greeter.class));
        assertEquals("", messages());
    }

    @Test
    void leavesExcludedClassesAlone() throws Exception {
        assertNull(transform(transformer(List.of("io.ioucontext.agenttest")), Parker.class));
    }

    @Test
    void neverLooksAtTheJdk() throws Exception {
        assertNull(transformer(List.of()).transform(Object.class.getModule(), null, "java/lang/String", null, null,
                classFileOf(String.class)));
    }

    @Test
    void leavesAClassWovenByThePluginAlone() throws Exception {
        WeavingTransformer transformer = transformer(List.of());
        byte[] woven = transform(transformer, Parker.class);

        assertNull(transformer.transform(Parker.class.getModule(), Parker.class.getClassLoader(),
                "io/ioucontext/agenttest/Parker", null, null, woven));
        assertEquals("[ioucontext] woven " + Parker.class.getName(), messages().strip(), "woven once only");
    }

    /** The class file with its {@code @Woven} marker set to another weaving version. */
    private static byte[] markedWithVersion(byte[] woven, int version) {
        ClassNode node = new ClassNode();
        new ClassReader(woven).accept(node, 0);
        node.visibleAnnotations.stream().filter(a -> a.desc.equals("Lio/ioucontext/fiber/Woven;"))
                .forEach(marker -> marker.values.set(1, version));
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        return writer.toByteArray();
    }

    @Test
    void refusesAClassWovenByAnotherWeavingVersion() throws Exception {
        WeavingTransformer transformer = transformer(List.of());
        byte[] stale = markedWithVersion(transform(transformer, Parker.class), 6);
        messages.reset();

        byte[] refused = transformer.transform(Parker.class.getModule(), Parker.class.getClassLoader(),
                "io/ioucontext/agenttest/Parker", null, null, stale);

        assertEquals("[ioucontext] io.ioucontext.agenttest.Parker cannot be woven; using it will throw LinkageError:\n"
                + "  io.ioucontext.agenttest.Parker.<class>(Parker.java): already woven by weaving version 6, this"
                + " weaver writes version 7; weave the unwoven classes", messages().strip());
        DefiningLoader loader = new DefiningLoader();
        loader.define(Parker.class, refused);
        assertThrows(LinkageError.class, () -> Class.forName(Parker.class.getName(), true, loader));
    }

    @Test
    void replacesARefusedClassByOneThatFailsOnFirstUse() throws Exception {
        byte[] refused = transform(transformer(List.of()), Locked.class);

        assertTrue(messages().startsWith("[ioucontext] " + Locked.class.getName() + " cannot be woven"), messages());
        DefiningLoader loader = new DefiningLoader();
        loader.define(Locked.class, refused);
        LinkageError failure = assertThrows(LinkageError.class,
                () -> Class.forName(Locked.class.getName(), true, loader));
        assertTrue(failure.getMessage().contains("Locked.pause(Locked.java:"), failure.getMessage());
    }
}
