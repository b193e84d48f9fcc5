package io.ioucontext.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;
import org.objectweb.asm.tree.ClassNode;

/** Reads class files into trees ready for weaving. */
final class ClassFiles {

    private ClassFiles() {
    }

    /**
     * Reads a class without its stack map frames (they are recomputed when writing) and with JSR/RET
     * subroutines inlined when the class file is old enough to contain them.
     */
    static ClassNode read(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassNode clazz = new ClassNode();
        boolean mayHaveSubroutines = reader.readUnsignedShort(6) < Opcodes.V1_7;
        ClassVisitor visitor = !mayHaveSubroutines ? clazz : new ClassVisitor(Opcodes.ASM9, clazz) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new JSRInlinerAdapter(next, access, name, descriptor, signature, exceptions);
            }
        };
        reader.accept(visitor, ClassReader.SKIP_FRAMES);
        return clazz;
    }
}
