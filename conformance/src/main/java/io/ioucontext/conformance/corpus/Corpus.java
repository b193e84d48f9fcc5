package io.ioucontext.conformance.corpus;

import java.util.List;

/** Every shape of the corpus, in the order the runs take them: one-fiber shapes, then interleaved ones. */
public final class Corpus {

    private Corpus() {
    }

    /** New instances of all shapes. */
    public static List<Shape> shapes() {
        return List.of(new LocalsOfEveryType(), new OperandStackOfEveryType(), new ReceiverBelowArguments(),
                new ConstructorArguments(), new ExceptionHandlers(), new TryWithResources(),
                new ExceptionAfterResume(), new Loops(), new Switches(), new Recursion(), new ReturnTypes(),
                new DispatchKinds(), new NestedClasses(), new RecordsEnumsSealed(), new CompoundAssignments(),
                new InterfaceMembers(), new Bridges(), new FailsAfterResuming());
    }

    /** New instances of all shapes made of several fibers, in the order the runs take them. */
    public static List<InterleavedShape> interleaved() {
        return List.of(new PingPong(), new RoundRobin());
    }
}
