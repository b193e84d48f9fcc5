package io.ioucontext.agenttest;

/** Prints a greeting; run under the agent by the agent's integration test. */
public final class Greeter {

    private static final String GREETING = "hello, " + System.getProperty("java.specification.version");

    private Greeter() {}

    public static String greeting() {
        return GREETING;
    }

    public static void main(String[] args) {
        System.out.println(greeting());
    }
}
