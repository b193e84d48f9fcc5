package io.ioucontext.agent;

import java.util.List;

/**
 * Which classes the agent offers to the weaver: never the JDK's nor the agent's own (which include
 * its shaded copies of ASM and the weaver); otherwise those the {@code include} and {@code exclude}
 * options select.
 */
final class ClassSelection {

    private static final List<String> NEVER = List.of(
            "java/", "javax/", "jdk/", "sun/", "com/sun/", "io/ioucontext/agent/");

    private final List<String> include;
    private final List<String> exclude;

    /**
     * @param include package prefixes with dots; empty selects every package
     * @param exclude package prefixes with dots
     */
    ClassSelection(List<String> include, List<String> exclude) {
        this.include = include.stream().map(ClassSelection::internalPrefix).toList();
        this.exclude = exclude.stream().map(ClassSelection::internalPrefix).toList();
    }

    /**
     * @param internalName a class's internal name, {@code com/acme/Foo}
     */
    boolean selects(String internalName) {
        return !startsWithAny(internalName, NEVER)
                && (include.isEmpty() || startsWithAny(internalName, include))
                && !startsWithAny(internalName, exclude);
    }

    /** {@code com.acme} selects {@code com/acme/Foo} and {@code com/acme/sub/Bar}, not {@code com/acmeX/Foo}. */
    private static String internalPrefix(String packageName) {
        String slashed = packageName.replace('.', '/');
        return slashed.endsWith("/") ? slashed : slashed + "/";
    }

    /** A loop rather than a stream: it runs for every class the JVM loads, from the agent's start on. */
    private static boolean startsWithAny(String internalName, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
