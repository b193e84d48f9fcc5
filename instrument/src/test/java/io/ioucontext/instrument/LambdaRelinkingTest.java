package io.ioucontext.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Lambdas and method references of suspendable functional interfaces are linked through the
 * runtime's {@code SuspendableLambdas}, in every class the weaver sees; other lambdas are left to
 * {@code LambdaMetafactory}.
 */
class LambdaRelinkingTest {

    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final String SUSPENDABLE_LAMBDAS = "io/ioucontext/fiber/SuspendableLambdas";

    private static final Map<String, String> SOURCES = Map.of(
            "fixture/Steps", """
                    package fixture;
                    import io.ioucontext.fiber.*;
                    public class Steps {
                        @Suspendable public static void step() { Fiber.yield(); }
                    }
                    """,
            "fixture/OnlyCreates", """
                    package fixture;
                    import io.ioucontext.fiber.*;
                    import java.util.function.Supplier;
                    public class OnlyCreates {
                        static SuspendableRunnable reference() { return Steps::step; }
                        static Supplier<String> plain() { return () -> "not suspendable"; }
                    }
                    """,
            "fixture/Suspends", """
                    package fixture;
                    import io.ioucontext.fiber.*;
                    public class Suspends {
                        @Suspendable static void run() throws Exception {
                            SuspendableRunnable body = () -> Steps.step();
                            body.run();
                        }
                    }
                    """);

    /** The bootstrap owners of the class's invokedynamics, in instruction order. */
    private static List<String> bootstrapOwners(byte[] classFile) {
        ClassNode clazz = new ClassNode();
        new ClassReader(classFile).accept(clazz, 0);
        List<String> owners = new ArrayList<>();
        for (MethodNode method : clazz.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy) {
                    owners.add(indy.bsm.getOwner());
                }
            }
        }
        return owners;
    }

    @Test
    void classThatOnlyCreatesASuspendableMethodReferenceIsRelinkedAndMarked() throws Exception {
        Fixtures fixtures = Fixtures.compile(SOURCES);
        Weaver weaver = new Weaver(fixtures);
        byte[] relinked = weaver.weave(fixtures.bytes("fixture/OnlyCreates")).orElseThrow();

        assertEquals(List.of(SUSPENDABLE_LAMBDAS, LAMBDA_METAFACTORY), bootstrapOwners(relinked));
        assertTrue(ClassInfoReader.read(relinked).wovenVersion().isPresent(), "not marked as woven");
        assertEquals(Optional.empty(), weaver.weave(relinked), "relinking twice");
    }

    @Test
    void classWovenByThisVersionWithLambdasLeftToTheMetafactoryIsRelinkedOnly() throws Exception {
        Fixtures fixtures = Fixtures.compile(SOURCES);
        Weaver weaver = new Weaver(fixtures);
        byte[] woven = weaver.weave(fixtures.bytes("fixture/Suspends")).orElseThrow();
        List<String> relinkedOwners = bootstrapOwners(woven);
        assertTrue(relinkedOwners.contains(SUSPENDABLE_LAMBDAS), () -> "not relinked: " + relinkedOwners);

        // what this weaving version wrote before it relinked lambdas
        ClassNode stale = ClassFiles.read(woven);
        for (MethodNode method : stale.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode indy && indy.bsm.getOwner().equals(SUSPENDABLE_LAMBDAS)) {
                    indy.bsm = new Handle(indy.bsm.getTag(), LAMBDA_METAFACTORY, indy.bsm.getName(),
                            indy.bsm.getDesc(), false);
                }
            }
        }
        ClassWriter writer = new ClassWriter(0);
        stale.accept(writer);

        byte[] brought = weaver.weave(writer.toByteArray()).orElseThrow();
        assertEquals(relinkedOwners, bootstrapOwners(brought));
        assertEquals(stale.methods.size(), ClassFiles.read(brought).methods.size(), "woven again");
    }
}
