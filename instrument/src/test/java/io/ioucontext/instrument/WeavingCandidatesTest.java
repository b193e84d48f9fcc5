package io.ioucontext.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cheap first test before the weaver: every class the weaver changes or refuses is a candidate;
 * classes that call nothing suspendable are not, whatever else they do.
 */
class WeavingCandidatesTest {

    private static final Map<String, String> SOURCES = Map.ofEntries(
            Map.entry("fixture/Steps", """
                    package fixture;
                    import io.ioucontext.fiber.*;
                    public class Steps {
                        @Suspendable public static void step() { Fiber.yield(); }
                        public static int plain(int x) { return x + 1; }
                    }
                    """),
            Map.entry("fixture/Base", """
                    package fixture;
                    import io.ioucontext.fiber.*;
                    public abstract class Base {
                        @Suspendable public abstract void work() throws Exception;
                        public String name() { return "base"; }
                    }
                    """),
            Map.entry("fixture/Sub", """
                    package fixture;
                    public class Sub extends Base {
                        @Override public void work() { }
                    }
                    """),
            Map.entry("fixture/Runner", """
                    package fixture;
                    import io.ioucontext.fiber.SuspendableRunnable;
                    public class Runner implements SuspendableRunnable {
                        public void run() { }
                    }
                    """),
            Map.entry("fixture/CallsThroughSubclass", """
                    package fixture;
                    public class CallsThroughSubclass {
                        static void call(Sub sub) throws Exception { sub.work(); }
                    }
                    """),
            Map.entry("fixture/OnlyConstructsTheSubclass", """
                    package fixture;
                    public class OnlyConstructsTheSubclass {
                        static Object make() { return new Sub(); }
                        static boolean is(Object o) { return o instanceof Sub; }
                    }
                    """),
            Map.entry("fixture/Parks", """
                    package fixture;
                    import io.ioucontext.fiber.*;
                    public class Parks {
                        @Suspendable static void pause() { Fiber.park(); }
                    }
                    """),
            Map.entry("fixture/MakesSuspendableLambda", """
                    package fixture;
                    import io.ioucontext.fiber.*;
                    public class MakesSuspendableLambda {
                        static SuspendableRunnable body() { return () -> System.out.println("in a fiber"); }
                    }
                    """),
            Map.entry("fixture/UnannotatedCaller", """
                    package fixture;
                    public class UnannotatedCaller {
                        static void call() { Steps.step(); }
                    }
                    """),
            Map.entry("fixture/Plain", """
                    package fixture;
                    import java.util.*;
                    import java.util.function.*;
                    public class Plain implements Comparable<Plain> {
                        private final List<String> names = new ArrayList<>();
                        public int compareTo(Plain other) { return Integer.compare(names.size(), other.names.size()); }
                        Supplier<String> joined() { return () -> String.join(",", names) + Math.abs(-1); }
                        record Point(int x, int y) { }
                        enum Colour { RED, GREEN }
                        String describe(Object o) {
                            return switch (o) { case Point p -> "point " + p.x(); case Colour c -> c.name(); default -> "?"; };
                        }
                    }
                    """),
            Map.entry("fixture/PlainSubclassOfJdk", """
                    package fixture;
                    public class PlainSubclassOfJdk extends java.util.AbstractList<String> {
                        public String get(int i) { return String.valueOf(i); }
                        public int size() { return 3; }
                        class Inner implements Runnable { public void run() { size(); } }
                    }
                    """));

    @Test
    void everyClassTheWeaverChangesOrRefusesIsACandidate() {
        Fixtures fixtures = Fixtures.compile(SOURCES);
        Weaver weaver = new Weaver(fixtures);
        WeavingCandidates candidates = new WeavingCandidates(fixtures);
        List<String> needed = new ArrayList<>();
        for (String name : fixtures.fixtureClasses()) {
            byte[] classFile = fixtures.bytes(name);
            boolean candidate = candidates.mayNeedWeaving(classFile);
            if (weaverHasWorkIn(weaver, classFile)) {
                assertTrue(candidate, name + " needs the weaver but is no candidate");
                needed.add(name);
            }
        }
        assertEquals(Set.of("fixture/Steps", "fixture/CallsThroughSubclass", "fixture/Parks",
                "fixture/MakesSuspendableLambda", "fixture/UnannotatedCaller"), Set.copyOf(needed));
    }

    private static boolean weaverHasWorkIn(Weaver weaver, byte[] classFile) {
        try {
            return weaver.weave(classFile).isPresent();
        } catch (WeaveException refused) {
            return true;
        }
    }

    @Test
    void classesThatCallNothingSuspendableAreNoCandidates() {
        Fixtures fixtures = Fixtures.compile(SOURCES);
        WeavingCandidates candidates = new WeavingCandidates(fixtures);
        for (String name : List.of("fixture/Plain", "fixture/Plain$Point", "fixture/Plain$Colour",
                "fixture/PlainSubclassOfJdk", "fixture/PlainSubclassOfJdk$Inner", "fixture/OnlyConstructsTheSubclass")) {
            assertFalse(candidates.mayNeedWeaving(fixtures.bytes(name)), name);
        }
    }

    @Test
    void aCallOfAPlainMethodOfATypeDeclaringSuspendableOnesMakesACandidateTheWeaverLeavesAlone() throws Exception {
        Fixtures fixtures = Fixtures.compile(Map.of("fixture/Steps", SOURCES.get("fixture/Steps"),
                "fixture/CallsPlain", """
                    package fixture;
                    public class CallsPlain {
                        static int call() { return Steps.plain(1); }
                    }
                    """));
        byte[] classFile = fixtures.bytes("fixture/CallsPlain");

        assertTrue(new WeavingCandidates(fixtures).mayNeedWeaving(classFile), "the test is by type, not by method");
        assertEquals(Optional.empty(), new Weaver(fixtures).weave(classFile));
    }

    @Test
    void classesThatMayDeclareSuspendableMethodsAreCandidatesSoThatTheWeaverKnowsThem() {
        Fixtures fixtures = Fixtures.compile(SOURCES);
        WeavingCandidates candidates = new WeavingCandidates(fixtures);
        for (String name : List.of("fixture/Base", "fixture/Sub", "fixture/Runner")) {
            assertTrue(candidates.mayNeedWeaving(fixtures.bytes(name)), name);
        }
    }

    @Test
    void aClassWithoutAClassFileIsKnownFromTheBytesItWasGiven() {
        Fixtures fixtures = Fixtures.compile(SOURCES);
        // Sub is generated at run time, say: its loader has no class file for it
        ClassFileSource withoutSub = name -> name.equals("fixture/Sub") ? Optional.empty() : fixtures.read(name);
        WeavingCandidates candidates = new WeavingCandidates(withoutSub);

        assertFalse(candidates.mayNeedWeaving(fixtures.bytes("fixture/CallsThroughSubclass")), "Sub is unknown yet");
        candidates.mayNeedWeaving(fixtures.bytes("fixture/Sub"));

        assertTrue(candidates.mayNeedWeaving(fixtures.bytes("fixture/CallsThroughSubclass")),
                "the earlier answer about Sub was kept");
    }

    @Test
    void aClassFileThatCannotBeReadIsLeftToTheWeaver() {
        WeavingCandidates candidates = new WeavingCandidates(name -> Optional.empty());

        assertTrue(candidates.mayNeedWeaving(new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1}));
    }
}
