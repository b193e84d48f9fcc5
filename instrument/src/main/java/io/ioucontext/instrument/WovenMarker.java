package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;

/** The {@code @Woven(version = N)} annotation that marks a class this weaver rewrote. */
final class WovenMarker {

    /** The weaving format this weaver writes; bump it whenever woven code changes shape. */
    static final int VERSION = 7;

    private WovenMarker() {
    }

    /** The version a class was woven with, if it was. */
    static Optional<Integer> versionOf(ClassNode clazz) {
        if (clazz.visibleAnnotations == null) {
            return Optional.empty();
        }
        for (AnnotationNode annotation : clazz.visibleAnnotations) {
            if (annotation.desc.equals(RuntimeNames.WOVEN_DESC)) {
                List<Object> values = annotation.values == null ? List.of() : annotation.values;
                for (int i = 0; i + 1 < values.size(); i += 2) {
                    if ("version".equals(values.get(i))) {
                        return Optional.of((Integer) values.get(i + 1));
                    }
                }
                return Optional.of(0);
            }
        }
        return Optional.empty();
    }

    static void mark(ClassNode clazz) {
        AnnotationNode woven = new AnnotationNode(RuntimeNames.WOVEN_DESC);
        woven.values = new ArrayList<>(List.of("version", VERSION));
        if (clazz.visibleAnnotations == null) {
            clazz.visibleAnnotations = new ArrayList<>();
        }
        clazz.visibleAnnotations.add(woven);
    }
}
