package io.ioucontext.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/** Every woven class of a corpus of javac shapes passes ASM's bytecode verifier. */
class WovenClassVerificationTest {

    private static final Map<String, String> CORPUS = Map.of("fixture/Shapes", """
            package fixture;
            import io.ioucontext.fiber.*;
            import java.util.*;
            class Shapes {
                private int field;
                @Suspendable static int suspend(int x) { Fiber.yield(); return x; }
                @Suspendable static String locals(int i, long l, float f, double d, boolean z, char c, byte b,
                                                  short s, String text, int[][] matrix, Object nothing) {
                    Object maybe = null;
                    for (int round = 0; round < 3; round++) {
                        Fiber.park();
                        i++; l++; f++; d++; z = !z; c++; b++; s++;
                        if (round == 1) { maybe = text; }
                    }
                    return "" + i + l + f + d + z + c + b + s + text + matrix.length + maybe + nothing;
                }
                @Suspendable static long operands(int a, long b) {
                    return a + Math.max(b, suspend(a)) * 2 + suspend(3) + (a > 0 ? suspend(1) : 0);
                }
                @Suspendable int instance() { field += suspend(field); return field; }
                @Suspendable static double recursion(int depth) {
                    return depth == 0 ? suspend(0) : recursion(depth - 1) + depth;
                }
                @Suspendable static String handlers() {
                    StringBuilder out = new StringBuilder();
                    try {
                        suspend(1);
                        out.append("t");
                    } catch (IllegalStateException | IllegalArgumentException e) {
                        out.append(suspend(2));
                    } finally {
                        out.append("f");
                        Fiber.yield();
                    }
                    return out.toString();
                }
                @Suspendable static Object lambdas(List<String> events) throws Exception {
                    SuspendableRunnable r = () -> { events.add("a"); Fiber.yield(); events.add("b"); };
                    r.run();
                    SuspendableRunnable ref = Shapes::staticTarget;
                    ref.run();
                    return events;
                }
                static void staticTarget() { Fiber.yield(); }
                @Suspendable static String switches(int k) {
                    switch (k) {
                        case 1: Fiber.yield(); return "one";
                        case 2: { String two = "two"; Fiber.park(); return two; }
                        default: return "other" + suspend(k);
                    }
                }
                @Suspendable static boolean bool(boolean flag) { Fiber.yield(); return !flag; }
                @Suspendable static char character() { return (char) ('a' + suspend(1)); }
                @Suspendable static float floats(float x) { return x * suspend(2); }
                @Suspendable static int[] array() { int[] a = new int[suspend(3)]; return a; }
                @Suspendable static void voidTail() { Fiber.yield(); }
                @Suspendable static String concat(String s) { return s + suspend(4) + "!"; }
                @Suspendable static Object constructors(int k) {
                    return new StringBuilder(k + suspend(16)).append(new String(new char[suspend(2)]));
                }
            }
            interface Greeter {
                @Suspendable default String greet(String name) { Fiber.yield(); return "hi " + name; }
            }
            """);

    @Test
    void everyWovenClassOfTheCorpusVerifies() throws Exception {
        Fixtures fixtures = Fixtures.compile(CORPUS);
        Weaver weaver = new Weaver(fixtures);
        Map<String, byte[]> woven = new HashMap<>();
        for (String name : fixtures.fixtureClasses()) {
            weaver.weave(fixtures.bytes(name)).ifPresent(bytes -> woven.put(name, bytes));
        }
        assertEquals(List.of("fixture/Greeter", "fixture/Shapes"), woven.keySet().stream().sorted().toList());
        ClassLoader loader = fixtures.loader(woven);
        for (var entry : woven.entrySet()) {
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(entry.getValue()), loader, false, new PrintWriter(problems));
            assertEquals("", problems.toString(), entry.getKey() + " does not verify");
        }
    }

    @Test
    void lambdaBodiesAndSameClassMethodReferencesAreWoven() throws Exception {
        Fixtures fixtures = Fixtures.compile(CORPUS);
        ClassNode shapes = new ClassNode();
        new ClassReader(new Weaver(fixtures).weave(fixtures.bytes("fixture/Shapes")).orElseThrow()).accept(shapes, 0);
        List<String> resumers = shapes.methods.stream().map((MethodNode m) -> m.name)
                .filter(n -> n.contains("$iou$resume")).toList();
        assertTrue(resumers.stream().anyMatch(n -> n.startsWith("lambda$lambdas$")), resumers.toString());
        assertTrue(resumers.stream().anyMatch(n -> n.startsWith("staticTarget$iou$resume")), resumers.toString());
    }

    @Test
    void oldClassFileWithSubroutinesIsInlinedAndUpgraded() throws Exception {
        // a Java 5 class whose suspendable method calls a JSR subroutine (what javac 1.4 made of finally)
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_SUPER, "fixture/Old", null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, "withSubroutine", "(I)I", null, null);
        method.visitAnnotation("Lio/ioucontext/fiber/Suspendable;", true).visitEnd();
        method.visitCode();
        Label subroutine = new Label();
        method.visitJumpInsn(Opcodes.JSR, subroutine);
        method.visitVarInsn(Opcodes.ILOAD, 0);
        method.visitInsn(Opcodes.IRETURN);
        method.visitLabel(subroutine);
        method.visitVarInsn(Opcodes.ASTORE, 1);
        method.visitMethodInsn(Opcodes.INVOKESTATIC, "io/ioucontext/fiber/Fiber", "yield", "()V", false);
        method.visitIincInsn(0, 1);
        method.visitVarInsn(Opcodes.RET, 1);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        Fixtures fixtures = Fixtures.compile(Map.of());

        byte[] woven = new Weaver(fixtures).weave(writer.toByteArray()).orElseThrow();

        ClassNode node = new ClassNode();
        new ClassReader(woven).accept(node, 0);
        assertEquals(Opcodes.V11, node.version);
        assertTrue(node.methods.stream().flatMap(m -> java.util.Arrays.stream(m.instructions.toArray()))
                .noneMatch(i -> i.getOpcode() == Opcodes.JSR || i.getOpcode() == Opcodes.RET));
        StringWriter problems = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(woven), fixtures.loader(Map.of()), false, new PrintWriter(problems));
        assertEquals("", problems.toString());
    }

    @Test
    void wovenClassIsLeftAloneWhenWovenAgain() throws Exception {
        Fixtures fixtures = Fixtures.compile(CORPUS);
        Weaver weaver = new Weaver(fixtures);
        byte[] once = weaver.weave(fixtures.bytes("fixture/Shapes")).orElseThrow();
        assertEquals(Optional.empty(), weaver.weave(once));
    }

    @Test
    void visibilityBridgesCallingTheirOwnSignatureDoNotLoopTheLookup() throws Exception {
        // javac gives Sub a public bridge m()V that calls Base.m()V: same name, same descriptor
        Fixtures fixtures = Fixtures.compile(Map.of(
                "fixture/Base", "package fixture; class Base { public void m() {} }",
                "fixture/Sub", "package fixture; public class Sub extends Base {}",
                "fixture/User", """
                        package fixture;
                        class User {
                            @io.ioucontext.fiber.Suspendable void use(Sub sub) { sub.m(); }
                        }
                        """));
        assertEquals(Optional.empty(), new Weaver(fixtures).weave(fixtures.bytes("fixture/User")));
        assertEquals(Optional.empty(), new Weaver(fixtures).weave(fixtures.bytes("fixture/Sub")));
    }

    @Test
    void lambdaBodyOfCodeJavacDroppedIsLeftAlone() throws Exception {
        // javac drops the code after 'if (DONE) return' but still emits the lambda's body
        Fixtures fixtures = Fixtures.compile(Map.of("fixture/Dead", """
                package fixture;
                import io.ioucontext.fiber.*;
                class Dead {
                    static final boolean DONE = true;
                    @Suspendable static void run() throws Exception {
                        Fiber.yield();
                        if (DONE) {
                            return;
                        }
                        SuspendableRunnable never = () -> Fiber.yield();
                        never.run();
                    }
                }
                """));
        ClassNode unwoven = new ClassNode();
        new ClassReader(fixtures.bytes("fixture/Dead")).accept(unwoven, 0);
        assertTrue(unwoven.methods.stream().anyMatch(m -> m.name.startsWith("lambda$")), "javac kept no dead lambda");
        ClassNode woven = new ClassNode();
        new ClassReader(new Weaver(fixtures).weave(fixtures.bytes("fixture/Dead")).orElseThrow()).accept(woven, 0);
        assertEquals(List.of("run$iou$resume0"), woven.methods.stream().map((MethodNode m) -> m.name)
                .filter(n -> n.contains("$iou$resume")).toList());
    }

    @Test
    void classWithoutSuspensionPointsNeedsNoChange() throws Exception {
        Fixtures fixtures = Fixtures.compile(Map.of("fixture/Plain", """
                package fixture;
                class Plain {
                    @io.ioucontext.fiber.Suspendable int nothingSuspends(int x) { return x + 1; }
                }
                """));
        assertEquals(Optional.empty(), new Weaver(fixtures).weave(fixtures.bytes("fixture/Plain")));
    }
}
