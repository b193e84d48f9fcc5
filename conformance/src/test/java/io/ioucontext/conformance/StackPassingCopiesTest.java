package io.ioucontext.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ObjectStreamClass;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Calls between woven methods whose target is known without dispatch enter a copy of the target that
 * receives the fiber stack (instrument/DESIGN.md, "Stack-passing copies"): the copies must run,
 * suspend and resume like the methods they copy, exist for exactly those targets, and leave stack
 * traces as the user wrote them. The classes are woven as one batch, as the build plugin weaves a
 * directory, so calls between them enter each other's copies too.
 */
class StackPassingCopiesTest {

    private static final String COPIES = """
            package copies;

            import io.ioucontext.conformance.corpus.Shape;
            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.Suspendable;

            public class Copies implements Shape {
                interface Local {
                    @Suspendable
                    default String chain(String s) {
                        return helper(s) + twice(s);
                    }

                    @Suspendable
                    private String helper(String s) {
                        return Step.value("interface private " + s, s);
                    }

                    @Suspendable
                    static String twice(String s) {
                        return Step.value("interface static", s + s);
                    }
                }

                static final class Leaf {
                    @Suspendable
                    public int depth(int n) {
                        return n == 0 ? Step.intValue("leaf of a final class", 0) : 1 + depth(n - 1);
                    }
                }

                public Object run() throws Exception {
                    long sum = descend(12, 3L, 0.5);
                    String text = chain("x");
                    int depth = new Leaf().depth(3);
                    String overridable = overridable(2);
                    String thrown;
                    try {
                        thrower(4);
                        thrown = "nothing thrown";
                    } catch (IllegalStateException e) {
                        thrown = e.getMessage();
                    }
                    return sum + " " + text + " " + depth + " " + overridable + " " + thrown + " "
                            + new Local() { }.chain("y") + " " + onlyParameters(7, 8L) + " " + Other.across(2)
                            + " " + new Other.Counter().next(5) + " " + Other.leaf(9);
                }

                /** Recursion with wide parameters and locals past them. */
                @Suspendable
                static long descend(int depth, long acc, double scale) {
                    if (depth == 0) {
                        return Step.longValue("bottom", acc);
                    }
                    long next = acc * 3 + depth;
                    double scaled = scale * depth;
                    long below = descend(depth - 1, next, scale);
                    if (depth % 4 == 0) {
                        Step.point("on the way up at " + depth);
                    }
                    return below + next + (long) scaled;
                }

                @Suspendable
                private String chain(String s) {
                    return finalMethod(s) + privateMethod(s);
                }

                @Suspendable
                protected final String finalMethod(String s) {
                    return Step.value("final " + s, s.toUpperCase());
                }

                @Suspendable
                private String privateMethod(String s) {
                    String before = Step.value("private " + s, s);
                    return before + finalMethod(before);
                }

                /** Overridable: entered through its ordinary entry, never a copy. */
                @Suspendable
                protected String overridable(int n) {
                    return n == 0 ? Step.value("overridable", "o") : overridable(n - 1) + n;
                }

                @Suspendable
                public static void thrower(int n) {
                    Step.point("thrower " + n);
                    if (n == 0) {
                        throw new IllegalStateException("thrown at the bottom");
                    }
                    thrower(n - 1);
                }

                /** No locals beyond its parameters: the copy's stack parameter is its stack local. */
                @Suspendable
                static long onlyParameters(int a, long b) {
                    return a == 0 ? Step.longValue("only parameters", b) : onlyParameters(a - 1, b + a);
                }
            }
            """;

    /** Calls from {@code Copies}: to its copies, to a method never woven (it does not suspend). */
    private static final String OTHER = """
            package copies;

            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.Suspendable;

            class Other {
                @Suspendable
                static String across(int n) {
                    return n == 0 ? Step.value("across", "a") : across(n - 1) + Step.value("across " + n, n);
                }

                /** Suspendable but never suspends: not woven, so it has no copy to link to. */
                @Suspendable
                static int leaf(int n) {
                    return n * 2;
                }

                static final class Counter {
                    private int count;

                    @Suspendable
                    int next(int by) {
                        count += Step.intValue("count by " + by, by);
                        return count;
                    }
                }
            }
            """;

    @Test
    void copiesRunSuspendAndResumeLikeTheMethodsTheyCopy() throws Exception {
        WeaveAndRun.assertSameAsPlain(compile(), "copies/Copies");
    }

    /**
     * Static methods and instance methods no subclass can override get a copy as visible as
     * themselves (other classes call them exactly too); the others get a private copy when a call of
     * their own class reaches them exactly, and overridable methods get none.
     */
    @Test
    void copiesExistForExactlyTheMethodsCalledWithoutDispatch() throws Exception {
        Map<String, byte[]> woven = WeaveAndRun.weaveAll(compile());
        ClassLoader loader = WeaveAndRun.loaderOf(woven);

        assertEquals(List.of("chain private", "descend static", "finalMethod private", "onlyParameters static",
                "privateMethod private", "thrower public static"), copies(loader.loadClass("copies.Copies")));
        assertEquals(List.of("helper private", "twice public static"), copies(loader.loadClass("copies.Copies$Local")));
        assertEquals(List.of("depth public final"), copies(loader.loadClass("copies.Copies$Leaf")));
        assertEquals(List.of("across static"), copies(loader.loadClass("copies.Other")));
        assertEquals(List.of("next final"), copies(loader.loadClass("copies.Other$Counter")));
        assertTrue(callsOf(woven.get("copies/Copies")).containsAll(List.of(
                "copies/Other.across(ILio/ioucontext/fiber/FiberStack;)Ljava/lang/String;",
                "copies/Other$Counter.next(ILio/ioucontext/fiber/FiberStack;)I",
                "copies/Other.leaf(I)I")), () -> "calls to Other: " + callsOf(woven.get("copies/Copies")));
    }

    /**
     * Weaving class by class: calls enter another class's copies when that class was woven before
     * (by this weaving version), and its ordinary entry when it is not woven yet.
     */
    @Test
    void callsEnterCopiesOfClassesWovenBeforeAndNotOfClassesNotWovenYet() throws Exception {
        Map<String, byte[]> plain = compile();
        Map<String, byte[]> others = new HashMap<>(plain);
        others.keySet().removeIf(name -> !name.startsWith("copies/Other"));
        Map<String, byte[]> wovenBefore = new HashMap<>(plain);
        wovenBefore.putAll(WeaveAndRun.weaveAll(others));
        String across = "copies/Other.across(ILio/ioucontext/fiber/FiberStack;)Ljava/lang/String;";
        String counter = "copies/Other$Counter.next(ILio/ioucontext/fiber/FiberStack;)I";

        List<String> afterOthers = callsOf(WeaveAndRun.weaveAlone(wovenBefore, "copies/Copies"));
        List<String> beforeOthers = callsOf(WeaveAndRun.weaveAlone(plain, "copies/Copies"));

        assertTrue(afterOthers.containsAll(List.of(across, counter)), () -> "calls to Other: " + afterOthers);
        assertTrue(beforeOthers.containsAll(List.of("copies/Other.across(I)Ljava/lang/String;",
                "copies/Other$Counter.next(I)I")), () -> "calls to Other: " + beforeOthers);
        assertFalse(beforeOthers.contains(across) || beforeOthers.contains(counter), () -> "calls to Other: " + beforeOthers);
    }

    private static final String CALLER = """
            package siteless;

            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.Suspendable;

            public class Caller {
                @Suspendable
                public static int run(int x) {
                    return Step.intValue("caller", x) + Target.m(x);
                }
            }
            """;

    /**
     * {@code siteless/Target} with a {@code @Suspendable static int m(int)} whose one suspension
     * point cannot be reached (a {@code GOTO} jumps over it): valid bytecode javac does not emit.
     */
    private static byte[] targetWithUnreachableSuspension() {
        // frames written by hand: ASM's computed frames would turn the unreachable code into NOPs
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "siteless/Target", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "m", "(I)I", null, null);
        m.visitAnnotation("Lio/ioucontext/fiber/Suspendable;", true).visitEnd();
        m.visitCode();
        Label reachable = new Label();
        m.visitJumpInsn(Opcodes.GOTO, reachable);
        m.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        m.visitLdcInsn("never");
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "io/ioucontext/conformance/corpus/Step", "intValue",
                "(Ljava/lang/String;I)I", false);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(reachable);
        m.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(2, 1);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * A method the rule rewrites whose suspension points are all unreachable has nothing to weave, yet
     * callers woven with it were told it has a copy: it gets one, its body as it is.
     */
    @Test
    void aMethodWhoseSuspensionPointsAreUnreachableStillGetsTheCopyItsCallersCall() throws Exception {
        Map<String, byte[]> plain = new HashMap<>(InMemoryJavac.compileAgainstCorpus(Map.of("siteless.Caller", CALLER,
                "siteless.Target", "package siteless; public class Target { public static int m(int x) { return x; } }")));
        plain.put("siteless/Target", targetWithUnreachableSuspension());  // what Caller runs against
        Map<String, byte[]> woven = WeaveAndRun.weaveAll(plain);

        assertTrue(callsOf(woven.get("siteless/Caller")).contains("siteless/Target.m(ILio/ioucontext/fiber/FiberStack;)I"),
                () -> "calls of Caller: " + callsOf(woven.get("siteless/Caller")));
        Method run = WeaveAndRun.loaderOf(woven).loadClass("siteless.Caller").getMethod("run", int.class);
        assertEquals(4, run.invoke(null, 2), "outside fibers, Step.intValue returns its value");
    }

    private static final String SERIALIZABLE = """
            package serial;

            import io.ioucontext.conformance.corpus.Step;
            import io.ioucontext.fiber.Suspendable;

            public class Saved implements java.io.Serializable {
                int count;

                @Suspendable
                public static int load(int x) {
                    return Step.intValue("load", x);
                }
            }
            """;

    /** A shared copy is a method visible outside the class, which the default serialVersionUID counts. */
    @Test
    void aSerializableClassKeepsItsDefaultSerialVersionUid() throws Exception {
        Map<String, byte[]> plain = InMemoryJavac.compileAgainstCorpus(Map.of("serial.Saved", SERIALIZABLE));
        Map<String, byte[]> woven = WeaveAndRun.weaveAll(plain);
        Class<?> wovenSaved = WeaveAndRun.loaderOf(woven).loadClass("serial.Saved");
        assertEquals(List.of("load public static"), copies(wovenSaved));

        assertEquals(ObjectStreamClass.lookup(WeaveAndRun.loaderOf(plain).loadClass("serial.Saved")).getSerialVersionUID(),
                ObjectStreamClass.lookup(wovenSaved).getSerialVersionUID());
    }

    @Test
    void stackTracesShowTheMethodsTheUserWrote() throws Exception {
        Map<String, byte[]> plain = compile();
        Map<String, byte[]> woven = WeaveAndRun.weaveAll(plain);

        List<String> expected = framesOfThrower(WeaveAndRun.loaderOf(plain));
        assertEquals(5, expected.size(), () -> "thrower(4) down to thrower(0): " + expected);
        assertEquals(expected, framesOfThrower(WeaveAndRun.loaderOf(woven)));
    }

    /** The methods a class file calls, {@code owner.name+descriptor}. */
    private static List<String> callsOf(byte[] classFile) {
        ClassNode clazz = new ClassNode();
        new ClassReader(classFile).accept(clazz, 0);
        return clazz.methods.stream().flatMap(m -> StreamSupport.stream(m.instructions.spliterator(), false))
                .filter(MethodInsnNode.class::isInstance).map(MethodInsnNode.class::cast)
                .map(call -> call.owner + "." + call.name + call.desc).distinct().toList();
    }

    /**
     * A class's stack-passing copies (the fiber stack last): name and modifiers. None is synthetic:
     * debuggers step into them and coverage tools count their lines.
     */
    private static List<String> copies(Class<?> type) {
        List<Method> copies = Stream.of(type.getDeclaredMethods())
                .filter(m -> !m.getName().contains("$iou$resume") && m.getParameterCount() > 0
                        && m.getParameterTypes()[m.getParameterCount() - 1].getName().equals("io.ioucontext.fiber.FiberStack"))
                .toList();
        assertTrue(copies.stream().noneMatch(Method::isSynthetic), () -> "synthetic copies: " + copies);
        return copies.stream().map(m -> m.getName() + " " + Modifier.toString(m.getModifiers())).sorted().toList();
    }

    /** Calls {@code thrower(4)} outside any fiber; the frames of the shape's class in its exception. */
    private static List<String> framesOfThrower(ClassLoader loader) throws Exception {
        Class<?> type = loader.loadClass("copies.Copies");
        Method thrower = type.getDeclaredMethod("thrower", int.class);
        try {
            thrower.invoke(null, 4);
        } catch (InvocationTargetException e) {
            return Arrays.stream(e.getCause().getStackTrace())
                    .filter(frame -> frame.getClassName().equals(type.getName()))
                    .map(frame -> frame.getMethodName() + ":" + frame.getLineNumber()).toList();
        }
        throw new AssertionError("thrower(4) did not throw");
    }

    private static Map<String, byte[]> compile() {
        return InMemoryJavac.compileAgainstCorpus(Map.of("copies.Copies", COPIES, "copies.Other", OTHER));
    }
}
