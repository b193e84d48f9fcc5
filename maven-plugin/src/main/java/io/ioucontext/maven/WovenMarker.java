package io.ioucontext.maven;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Tells whether a class file carries the {@code @io.ioucontext.fiber.Woven} marker the weaver puts
 * on every class it rewrote (instrument/DESIGN.md, "Class marker").
 */
final class WovenMarker {

    private static final String DESCRIPTOR = "Lio/ioucontext/fiber/Woven;";

    private WovenMarker() {}

    static boolean isWoven(byte[] classFile) {
        MarkerFinder finder = new MarkerFinder();
        new ClassReader(classFile).accept(finder, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return finder.found;
    }

    /** Looks at the class-level annotations only. */
    private static final class MarkerFinder extends ClassVisitor {
        private boolean found;

        MarkerFinder() {
            super(Opcodes.ASM9);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            found |= DESCRIPTOR.equals(descriptor);
            return null;
        }
    }
}
