package io.ioucontext.conformance;

import io.ioucontext.conformance.corpus.Shape;
import io.ioucontext.fiber.Fiber;
import io.ioucontext.instrument.WeaveException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of random programs from {@link CallTreeGenerator}: program {@code k} of base seed
 * {@code s} is generated from seed {@code s + k}, so a failing program is reproduced from its seed.
 *
 * @param baseSeed the seed of program 0
 * @param sources  source text by binary class name
 * @param unwoven  compiled class files by internal name
 */
record RandomPrograms(long baseSeed, Map<String, String> sources, Map<String, byte[]> unwoven) {

    static final String PACKAGE = "generated";

    /** Generates and compiles {@code count} programs. */
    static RandomPrograms generate(long baseSeed, int count) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            String simpleName = nameOf(baseSeed + k);
            sources.put(PACKAGE + "." + simpleName, CallTreeGenerator.generate(baseSeed + k, PACKAGE, simpleName));
        }
        Map<String, byte[]> classes = InMemoryJavac.compile(sources,
                List.of(ChildJvm.locationOf(Shape.class), ChildJvm.locationOf(Fiber.class)));
        return new RandomPrograms(baseSeed, sources, classes);
    }

    /** Weaves every program; a program the weaver refuses fails with its seed and source. */
    Map<String, byte[]> woven() {
        Map<String, byte[]> woven = new LinkedHashMap<>();
        for (String program : programs()) {
            try {
                woven.putAll(WeaveAndRun.weaveAll(Map.of(program, unwoven.get(program))));
            } catch (WeaveException e) {
                throw new AssertionError(e.getMessage() + "\n" + describe(program), e);
            }
        }
        return woven;
    }

    /** The simple class name of the program generated from {@code seed}. */
    static String nameOf(long seed) {
        return "Program" + Long.toUnsignedString(seed);
    }

    /** Internal names of the programs, in seed order. */
    List<String> programs() {
        List<String> names = new ArrayList<>();
        sources.keySet().forEach(name -> names.add(name.replace('.', '/')));
        return names;
    }

    /** How to reproduce a program: its seed and its source. */
    String describe(String program) {
        long seed = baseSeed + programs().indexOf(program);
        return "program " + program + " from seed " + seed + " (base seed " + baseSeed
                + ", rerun with -Diou.conformance.seed=" + baseSeed + "):\n" + sources.get(program.replace('/', '.'));
    }
}
