package io.ioucontext.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The agent's options, from {@code -javaagent:ioucontext-agent.jar=OPTIONS}: comma-separated
 * {@code include=pkg1;pkg2}, {@code exclude=pkg1;pkg2}, {@code verify}, {@code dump=DIR},
 * {@code verbose}.
 *
 * @param include  package prefixes to weave, with dots ({@code com.acme}); empty weaves every package
 * @param exclude  package prefixes never to weave, even when included
 * @param verify   check every woven class with ASM's bytecode verifier before the JVM sees it
 * @param dump     where to write every woven class file, under its internal name
 * @param verbose  name every class woven, on standard error
 */
public record AgentOptions(List<String> include, List<String> exclude, boolean verify, Optional<Path> dump,
        boolean verbose) {

    /** What a user sees when an option is wrong. */
    static final String USAGE = "options are comma-separated: include=pkg1;pkg2, exclude=pkg1;pkg2,"
            + " verify, dump=DIR, verbose";

    public AgentOptions {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /**
     * Parses the agent's argument string.
     *
     * @param arguments what followed {@code =} in {@code -javaagent}, or null when nothing did
     * @throws IllegalArgumentException naming the first option that is not understood
     */
    public static AgentOptions parse(String arguments) {
        List<String> include = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        boolean verify = false;
        Optional<Path> dump = Optional.empty();
        boolean verbose = false;
        for (String option : arguments == null ? new String[0] : arguments.split(",")) {
            String trimmed = option.strip();
            int equals = trimmed.indexOf('=');
            String name = equals < 0 ? trimmed : trimmed.substring(0, equals);
            String value = equals < 0 ? null : trimmed.substring(equals + 1);
            switch (name) {
                case "" -> { }
                case "include" -> include.addAll(packages(name, value));
                case "exclude" -> exclude.addAll(packages(name, value));
                case "dump" -> dump = Optional.of(Path.of(required(name, value)));
                case "verify" -> verify = flag(name, value);
                case "verbose" -> verbose = flag(name, value);
                default -> throw new IllegalArgumentException("unknown ioucontext agent option '" + trimmed + "'; " + USAGE);
            }
        }
        return new AgentOptions(include, exclude, verify, dump, verbose);
    }

    private static List<String> packages(String name, String value) {
        return Arrays.stream(required(name, value).split(";")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ioucontext agent option '" + name + "' needs a value; " + USAGE);
        }
        return value;
    }

    private static boolean flag(String name, String value) {
        if (value != null) {
            throw new IllegalArgumentException("ioucontext agent option '" + name + "' takes no value; " + USAGE);
        }
        return true;
    }
}
