package io.ioucontext.instrument;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a type or one of its supertypes may declare a suspendable method, from the constant pools
 * of their class files: {@link SuspendableMethods} finds a method suspendable only where some class
 * of the owner's hierarchy carries {@code @Suspendable} (on the method, or on the type for a
 * functional interface), or where the owner is {@code Fiber}; a hierarchy none of whose class files
 * mentions the annotation has no suspendable method at all. Answers, "no" included, are kept per
 * type, so each class file is read once; types of the JDK's packages ({@link JdkPackages}) are
 * never read. Safe for concurrent use.
 */
final class SuspendableSupertypes {

    private final ClassFileSource classes;
    /** Classes known from the bytes given to {@link #define}; they win over {@link #classes}, as in the weaver. */
    private final Map<String, ClassFileHeader> defined = new ConcurrentHashMap<>();
    /**
     * Answers by type. A definition that turns an earlier "no" into "yes" replaces the map (keeping the
     * "yes" answers), so that a lookup that started before it cannot store a stale "no" in the new one.
     */
    private volatile Map<String, Boolean> answers = new ConcurrentHashMap<>();

    SuspendableSupertypes(ClassFileSource classes) {
        this.classes = classes;
    }

    /** Whether {@code type} or a supertype may declare a suspendable method. */
    boolean anyDeclares(String type) {
        return declares(type, answers, new HashSet<>());
    }

    /** The same for a class given by its header, whatever the source holds under its name. */
    boolean anyDeclares(ClassFileHeader header) {
        return declares(header, answers, new HashSet<>(Set.of(header.name())));
    }

    /**
     * Makes a class known from its own bytes, as the weaver does with each class it is given: a class
     * seen this way is never read from the source (a load-time weaver sees most supertypes and call
     * targets before the classes that use them), and a class without a class file (generated at
     * run time) is known to later lookups.
     */
    void define(ClassFileHeader header) {
        defined.put(header.name(), header);
        Map<String, Boolean> current = answers;
        if (Boolean.FALSE.equals(current.get(header.name())) && anyDeclares(header)) {
            Map<String, Boolean> renewed = new ConcurrentHashMap<>();
            current.forEach((type, answer) -> {
                if (answer) {
                    renewed.put(type, true);
                }
            });
            renewed.put(header.name(), true);
            answers = renewed;
        }
    }

    /** @param visiting the types whose answer is being computed, so that a cyclic (broken) hierarchy ends */
    private boolean declares(String type, Map<String, Boolean> known, Set<String> visiting) {
        if (type.equals(RuntimeNames.FIBER)) {
            return true;
        }
        if (type.startsWith("java/") || JdkPackages.contains(type)) {
            return false; // only the JDK defines these classes, and none of them mentions @Suspendable
        }
        Boolean answer = known.get(type);
        if (answer != null) {
            return answer;
        }
        if (!visiting.add(type)) {
            return true; // a cycle: let the weaver look at it
        }
        boolean computed = header(type).map(h -> declares(h, known, visiting)).orElse(false);
        known.put(type, computed);
        return computed;
    }

    private boolean declares(ClassFileHeader header, Map<String, Boolean> known, Set<String> visiting) {
        if (header.mentionsSuspendable()
                || header.superName() != null && declares(header.superName(), known, visiting)) {
            return true;
        }
        for (String superinterface : header.interfaces()) {
            if (declares(superinterface, known, visiting)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The header of a class, or empty when it is nowhere to be found (the weaver finds no suspendable
     * method there either); a class file that cannot be read counts as mentioning the annotation, so
     * that the weaver, which reports it, looks at the classes that need it.
     */
    private Optional<ClassFileHeader> header(String type) {
        ClassFileHeader known = defined.get(type);
        if (known != null) {
            return Optional.of(known);
        }
        return classes.read(type).map(bytes -> {
            try {
                return new ConstantPoolScan(bytes).header();
            } catch (RuntimeException unreadable) {
                return new ClassFileHeader(type, null, List.of(), true);
            }
        });
    }
}
