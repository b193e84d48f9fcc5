package io.ioucontext.agenttest;

/** An interface with a default method, which is initialised along with its implementations. */
public interface Polite {

    String name();

    default String greet() {
        return "good day, " + name();
    }
}
