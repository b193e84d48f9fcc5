package io.ioucontext.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry point of {@code -javaagent:ioucontext-agent.jar[=OPTIONS]} (see {@link AgentOptions}).
 *
 * <p>Classes are woven as they are loaded; the agent does not retransform classes loaded before it
 * started, so when attached to a running JVM ({@code agentmain}) only classes loaded afterwards
 * are woven. A class that cannot be woven is reported on standard error and fails on first use.
 */
public final class IoucontextAgent {

    private IoucontextAgent() {}

    /**
     * Called by the JVM before {@code main} for {@code -javaagent}.
     *
     * @throws IllegalArgumentException when an option is wrong, which stops the JVM at startup
     */
    public static void premain(String arguments, Instrumentation instrumentation) {
        AgentOptions options = AgentOptions.parse(arguments);
        instrumentation.addTransformer(new WeavingTransformer(options, System.err), false);
        if (options.verbose()) {
            System.err.println("[ioucontext] agent weaving with " + options);
        }
    }

    /** Called by the JVM when the agent is attached to a running JVM. */
    public static void agentmain(String arguments, Instrumentation instrumentation) {
        premain(arguments, instrumentation);
    }
}
