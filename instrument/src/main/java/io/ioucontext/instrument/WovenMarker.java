package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;

/** The {@code @Woven(version = N)} annotation that marks a class this weaver rewrote. */
final class WovenMarker {

    /** The weaving format this weaver writes; bump it whenever woven code changes shape. */
    static final int VERSION = 7;

    private WovenMarker() {
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
