package io.ioucontext.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Classes the weaver refuses, with every reason reported at once and in exact words. */
class WeaveDiagnosticsTest {

    private static List<String> diagnosticsOf(String className, String source) {
        Fixtures fixtures = Fixtures.compile(Map.of(className, source));
        WeaveException e = assertThrows(WeaveException.class,
                () -> new Weaver(fixtures).weave(fixtures.bytes(className)));
        return e.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    /** The diagnostics of weaving {@code className} when the weaving class path lacks the {@code dep} package. */
    private static List<String> diagnosticsWithoutDep(Fixtures all, String className) {
        ClassFileSource withoutDep = name -> name.startsWith("dep/") ? java.util.Optional.empty() : all.read(name);
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver(withoutDep).weave(all.bytes(className)));
        return e.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    /** What the weaver says about a class it needs but cannot read. */
    private static String missing(String method, String className) {
        return method + ": the class " + className + " cannot be found on the weaving class path, so the method's"
                + " value types cannot be checked; add the jar or directory holding it";
    }

    @Test
    void callerThatIsNotSuspendableIsNamedWithFileAndLine() {
        List<String> found = diagnosticsOf("fixture/Caller", """
                package fixture;
                import io.ioucontext.fiber.*;
                class Caller {
                    void plain() {
                        Fiber.park();
                    }
                    @Suspendable void target() {}
                    void alsoPlain(Caller c) {
                        c.target();
                    }
                }
                """);
        assertEquals(List.of(
                "fixture.Caller.plain(Caller.java:5): calls the suspendable method io.ioucontext.fiber.Fiber.park()V"
                        + " but is not suspendable itself; annotate it with @Suspendable"
                        + " (or with @OutsideFibers if it only ever runs outside fibers)",
                "fixture.Caller.alsoPlain(Caller.java:9): calls the suspendable method fixture.Caller.target()V"
                        + " but is not suspendable itself; annotate it with @Suspendable"
                        + " (or with @OutsideFibers if it only ever runs outside fibers)"),
                found);
    }

    @Test
    void suspensionInsideSynchronizedMethodOrBlockIsRefused() {
        List<String> found = diagnosticsOf("fixture/Locked", """
                package fixture;
                import io.ioucontext.fiber.*;
                class Locked {
                    @Suspendable synchronized void method() {
                        Fiber.yield();
                    }
                    @Suspendable void block(Object lock) {
                        synchronized (lock) {
                            Fiber.park();
                        }
                        Fiber.park();
                    }
                }
                """);
        assertEquals(List.of(
                "fixture.Locked.method(Locked.java:5): suspension point io.ioucontext.fiber.Fiber.yield()V inside"
                        + " a synchronized method: a fiber must not suspend while it holds a monitor",
                "fixture.Locked.block(Locked.java:9): suspension point io.ioucontext.fiber.Fiber.park()V inside"
                        + " a synchronized block: a fiber must not suspend while it holds a monitor"),
                found);
    }

    @Test
    void suspendableConstructorAndStaticInitializerAreRefused() {
        List<String> found = diagnosticsOf("fixture/Special", """
                package fixture;
                import io.ioucontext.fiber.*;
                class Special {
                    @Suspendable Special() {
                        super();
                    }
                }
                """);
        assertEquals(List.of("fixture.Special.<init>(Special.java:5): a constructor cannot be suspendable"), found);
    }

    @Test
    void staticInitializerCallingSuspendableMethodIsRefused() {
        List<String> found = diagnosticsOf("fixture/Init", """
                package fixture;
                import io.ioucontext.fiber.*;
                class Init {
                    static {
                        Fiber.yield();
                    }
                }
                """);
        assertEquals(List.of("fixture.Init.<clinit>(Init.java:5): calls the suspendable method"
                + " io.ioucontext.fiber.Fiber.yield()V from a static initializer, which cannot suspend; move the"
                + " call out of the static initializer"), found);
    }

    @Test
    void constructorCallingSuspendableMethodIsToldToMoveTheCall() {
        List<String> found = diagnosticsOf("fixture/Conn", """
                package fixture;
                import io.ioucontext.fiber.*;
                class Conn {
                    Conn() {
                        Fiber.park();
                    }
                }
                """);
        assertEquals(List.of("fixture.Conn.<init>(Conn.java:5): calls the suspendable method"
                + " io.ioucontext.fiber.Fiber.park()V from a constructor, which cannot suspend; move the call out"
                + " of the constructor (e.g. into a @Suspendable factory method that passes its result to the"
                + " constructor)"), found);
    }

    @Test
    void classMissingFromTheWeavingClassPathIsNamed() throws Exception {
        Fixtures all = Fixtures.compile(Map.of(
                "dep/Shape", "package dep; public class Shape {}",
                "dep/Circle", "package dep; public class Circle extends Shape {}",
                "fixture/Painter", """
                        package fixture;
                        import io.ioucontext.fiber.*;
                        class Painter {
                            @Suspendable static void paint() {
                                dep.Circle circle = new dep.Circle();
                                Fiber.yield();
                                draw(circle);
                            }
                            static void draw(dep.Shape shape) {}
                        }
                        """));
        // the weaving class path lacks the dependency's classes
        assertEquals(List.of(missing("fixture.Painter.paint(Painter.java:7)", "dep.Circle")),
                diagnosticsWithoutDep(all, "fixture/Painter"));
    }

    @Test
    void valuesOfMissingClassesMergedAcrossASuspensionAreNamedNotGuessed() throws Exception {
        Fixtures all = Fixtures.compile(Map.of(
                "dep/Shape", "package dep; public class Shape { public void draw() {} }",
                "dep/Circle", "package dep; public class Circle extends Shape {}",
                "dep/Square", "package dep; public class Square extends Shape {}",
                "fixture/Picker", """
                        package fixture;
                        import io.ioucontext.fiber.*;
                        class Picker {
                            @Suspendable static void pick(boolean round) {
                                dep.Shape shape = round ? new dep.Circle() : new dep.Square();
                                Fiber.yield();
                                shape.draw();
                            }
                        }
                        """));
        // the merged value is used as a dep.Shape after the suspension: guessing java.lang.Object for the
        // merge would fail the JVM's verifier at shape.draw(), so the call site names what is missing
        assertEquals(List.of(missing("fixture.Picker.pick(Picker.java:7)", "dep.Square")),
                diagnosticsWithoutDep(all, "fixture/Picker"));
    }

    @Test
    void classWovenByAnotherWeavingVersionIsRefused() {
        List<String> found = diagnosticsOf("fixture/Old", """
                package fixture;
                @io.ioucontext.fiber.Woven(version = 0)
                class Old {
                }
                """);
        assertEquals(List.of("fixture.Old.<class>(Old.java): already woven by weaving version 0, this weaver"
                + " writes version 7; weave the unwoven classes"), found);
    }

    @Test
    void uninitializedObjectComparedWhileHeldAcrossASuspensionIsRefused() {
        // legal bytecode javac never emits: a copy of NEW's result held across the suspension is
        // tested for null before its constructor runs, so no placeholder may stand in for it
        Fixtures fixtures = Fixtures.compile(Map.of());
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V25, Opcodes.ACC_SUPER, "fixture/Handmade", null, "java/lang/Object", null);
        writer.visitSource("Handmade.j", null);
        MethodVisitor make = writer.visitMethod(Opcodes.ACC_STATIC, "make", "()Ljava/lang/Object;", null, null);
        make.visitAnnotation("Lio/ioucontext/fiber/Suspendable;", true).visitEnd();
        make.visitCode();
        Label line = new Label();
        make.visitLabel(line);
        make.visitLineNumber(7, line);
        make.visitTypeInsn(Opcodes.NEW, "java/lang/StringBuilder");
        make.visitVarInsn(Opcodes.ASTORE, 0);
        make.visitMethodInsn(Opcodes.INVOKESTATIC, "io/ioucontext/fiber/Fiber", "yield", "()V", false);
        Label allocated = new Label();
        make.visitVarInsn(Opcodes.ALOAD, 0);
        make.visitJumpInsn(Opcodes.IFNONNULL, allocated);
        make.visitInsn(Opcodes.ACONST_NULL);
        make.visitInsn(Opcodes.ARETURN);
        make.visitLabel(allocated);
        make.visitVarInsn(Opcodes.ALOAD, 0);
        make.visitInsn(Opcodes.DUP);
        make.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
        make.visitInsn(Opcodes.ARETURN);
        make.visitMaxs(0, 0);
        make.visitEnd();
        writer.visitEnd();
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver(fixtures).weave(writer.toByteArray()));
        assertEquals(List.of("fixture.Handmade.make(Handmade.j:7): suspension point io.ioucontext.fiber.Fiber.yield()V:"
                + " a 'new java.lang.StringBuilder' whose constructor has not run yet is held across the call and"
                + " compared or locked before its constructor runs (bytecode javac does not emit), so it cannot be"
                + " saved"), e.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void methodGrowingPastTheCodeSizeLimitIsReported() {
        // 200 int locals live across 300 suspension points: each SAVE block saves all 200
        Fixtures fixtures = Fixtures.compile(Map.of());
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V25, Opcodes.ACC_SUPER, "fixture/Huge", null, "java/lang/Object", null);
        writer.visitSource("Huge.java", null);
        MethodVisitor huge = writer.visitMethod(Opcodes.ACC_STATIC, "huge", "()I", null, null);
        huge.visitAnnotation("Lio/ioucontext/fiber/Suspendable;", true).visitEnd();
        huge.visitCode();
        for (int local = 0; local < 200; local++) {
            huge.visitIntInsn(Opcodes.SIPUSH, local);
            huge.visitVarInsn(Opcodes.ISTORE, local);
        }
        for (int point = 0; point < 300; point++) {
            huge.visitMethodInsn(Opcodes.INVOKESTATIC, "io/ioucontext/fiber/Fiber", "yield", "()V", false);
        }
        huge.visitInsn(Opcodes.ICONST_0);
        for (int local = 0; local < 200; local++) {
            huge.visitVarInsn(Opcodes.ILOAD, local);
            huge.visitInsn(Opcodes.IADD);
        }
        huge.visitInsn(Opcodes.IRETURN);
        huge.visitMaxs(0, 0);
        huge.visitEnd();
        writer.visitEnd();
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver(fixtures).weave(writer.toByteArray()));
        assertEquals(1, e.diagnostics().size());
        assertTrue(e.diagnostics().getFirst().toString().matches("fixture\\.Huge\\.huge\\(Huge\\.java\\): the woven method"
                + " would exceed the JVM's limit of 65535 bytes of code \\(\\d+ bytes\\); split it into smaller methods"),
                e.diagnostics().getFirst().toString());
    }

    @Test
    void methodNeedingMoreThan65535LocalSlotsIsReported() {
        // a long in slots 65532-65533 and two longs below a suspending call: the fiber stack's local and
        // the spill slots would not fit
        Fixtures fixtures = Fixtures.compile(Map.of());
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V25, Opcodes.ACC_SUPER, "fixture/TopSlots", null, "java/lang/Object", null);
        writer.visitSource("TopSlots.j", null);
        MethodVisitor top = writer.visitMethod(Opcodes.ACC_STATIC, "top", "()J", null, null);
        top.visitAnnotation("Lio/ioucontext/fiber/Suspendable;", true).visitEnd();
        top.visitCode();
        top.visitLdcInsn(5L);
        top.visitVarInsn(Opcodes.LSTORE, 65532);
        top.visitVarInsn(Opcodes.LLOAD, 65532);
        top.visitLdcInsn(6L);
        top.visitMethodInsn(Opcodes.INVOKESTATIC, "io/ioucontext/fiber/Fiber", "yield", "()V", false);
        top.visitInsn(Opcodes.LADD);
        top.visitVarInsn(Opcodes.LLOAD, 65532);
        top.visitInsn(Opcodes.LADD);
        top.visitInsn(Opcodes.LRETURN);
        top.visitMaxs(0, 0);
        top.visitEnd();
        writer.visitEnd();
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver(fixtures).weave(writer.toByteArray()));
        assertEquals(List.of("fixture.TopSlots.top(TopSlots.j): the woven method would need 65539 local variable"
                + " slots, more than the JVM's limit of 65535; split it into smaller methods"),
                e.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void everyProblemOfAClassIsReportedTogether() {
        List<String> found = diagnosticsOf("fixture/Many", """
                package fixture;
                import io.ioucontext.fiber.*;
                class Many {
                    void a() { Fiber.park(); }
                    void b() { Fiber.park(); }
                    @Suspendable synchronized void c() { Fiber.park(); }
                }
                """);
        assertEquals(3, found.size());
        assertTrue(found.get(0).startsWith("fixture.Many.a(Many.java:4): "));
        assertTrue(found.get(1).startsWith("fixture.Many.b(Many.java:5): "));
        assertTrue(found.get(2).startsWith("fixture.Many.c(Many.java:6): "));
    }

    @Test
    void outsideFibersMethodsAreNeitherWovenNorReported() throws WeaveException {
        Fixtures fixtures = Fixtures.compile(Map.of("fixture/Blocking", """
                package fixture;
                import io.ioucontext.fiber.*;
                class Blocking {
                    @OutsideFibers void main() { Fiber.yield(); }
                }
                """));
        assertTrue(new Weaver(fixtures).weave(fixtures.bytes("fixture/Blocking")).isEmpty());
    }

    @Test
    void diagnosticPrintsLikeAStackTraceFrame() {
        assertEquals("a.B.m(B.java:3): bad", new Diagnostic("a.B", "m", "B.java", 3, "bad").toString());
        assertEquals("a.B.m(Unknown Source): bad",
                new Diagnostic("a.B", "m", "Unknown Source", -1, "bad").toString());
    }
}
