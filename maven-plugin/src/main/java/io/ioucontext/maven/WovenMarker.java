package io.ioucontext.maven;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Tells whether a class file carries the {@code @io.ioucontext.fiber.Woven} marker the weaver puts
 * on every class it rewrote (instrument/DESIGN.md, "Class marker"), whatever its weaving version,
 * and whether it declares {@code @Suspendable} methods.
 */
final class WovenMarker {

    private static final String DESCRIPTOR = "Lio/ioucontext/fiber/Woven;";
    private static final String SUSPENDABLE = "Lio/ioucontext/fiber/Suspendable;";

    private WovenMarker() {}

    static boolean isWoven(byte[] classFile) {
        return scan(classFile).woven;
    }

    /** Whether the class or one of its methods is annotated {@code @Suspendable}. */
    static boolean declaresSuspendable(byte[] classFile) {
        return scan(classFile).suspendable;
    }

    private static MarkerFinder scan(byte[] classFile) {
        MarkerFinder finder = new MarkerFinder();
        new ClassReader(classFile).accept(finder, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return finder;
    }

    /** Looks at the annotations of the class and of its methods only. */
    private static final class MarkerFinder extends ClassVisitor {
        private boolean woven;
        private boolean suspendable;

        MarkerFinder() {
            super(Opcodes.ASM9);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            woven |= DESCRIPTOR.equals(descriptor);
            suspendable |= SUSPENDABLE.equals(descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    suspendable |= SUSPENDABLE.equals(annotation);
                    return null;
                }
            };
        }
    }
}
