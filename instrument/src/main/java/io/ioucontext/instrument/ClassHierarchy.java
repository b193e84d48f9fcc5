package io.ioucontext.instrument;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Supertypes of classes, read from class bytes through a {@link ClassFileSource}, never by loading
 * classes. Answers what frame computation and type analysis ask; whatever cannot be read (a missing
 * class, an array, an interface) falls back to {@code java/lang/Object} where that is always safe
 * (common superclasses), and is reported where it is not (subtype tests).
 */
final class ClassHierarchy {

    static final String OBJECT = "java/lang/Object";

    private final ClassFileSource source;
    private final Map<String, Optional<ClassInfo>> cache = new ConcurrentHashMap<>();

    ClassHierarchy(ClassFileSource source) {
        this.source = source;
    }

    /** Makes the class being woven known from its own bytes, whatever the source holds for it. */
    void define(ClassInfo info) {
        cache.put(info.name(), Optional.of(info));
    }

    /** The class file of a class, read again from the source (not cached). */
    Optional<byte[]> classFile(String internalName) {
        return internalName.startsWith("[") ? Optional.empty() : source.read(internalName);
    }

    /** What is known about a class, or empty for arrays and classes the source does not have. */
    Optional<ClassInfo> info(String internalName) {
        if (internalName.startsWith("[")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(internalName, name -> source.read(name).map(ClassInfoReader::read));
    }

    boolean isInterface(String internalName) {
        return info(internalName).map(ClassInfo::isInterface).orElse(false);
    }

    /** The superclass, or {@code java/lang/Object} when unknown. */
    String superName(String internalName) {
        return info(internalName).map(ClassInfo::superName).orElse(OBJECT);
    }

    /**
     * Whether {@code sub} is {@code sup} or a subclass or implementation of it.
     *
     * @throws MissingClassException when the answer depends on a class the source does not have
     */
    boolean isSubtype(String sub, String sup) {
        if (sub.equals(sup) || sup.equals(OBJECT)) {
            return true;
        }
        ClassInfo c = info(sub).orElseThrow(() -> new MissingClassException(sub));
        if (c.superName() != null && isSubtype(c.superName(), sup)) {
            return true;
        }
        return c.interfaces().stream().anyMatch(i -> isSubtype(i, sup));
    }

    /** The closest common superclass, as {@code ClassWriter.getCommonSuperClass} needs it. */
    String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.startsWith("[") || b.startsWith("[") || isInterface(a) || isInterface(b)) {
            return OBJECT;
        }
        Set<String> ancestors = new HashSet<>();
        for (String c = a; c != null; c = info(c).map(ClassInfo::superName).orElse(null)) {
            ancestors.add(c);
        }
        for (String c = b; c != null; c = info(c).map(ClassInfo::superName).orElse(null)) {
            if (ancestors.contains(c)) {
                return c;
            }
        }
        return OBJECT;
    }
}
