package io.ioucontext.agent;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Turns a class the agent could not weave into one whose initialisation fails with an error
 * carrying the reasons.
 *
 * <p>A {@code ClassFileTransformer} cannot make a class fail to load: what it throws is swallowed
 * and the class is defined unchanged, and running unwoven suspendable code would go wrong far from
 * the cause. Killing the JVM would take down every healthy class with it. So the class keeps its
 * members, and loads, but its static initialiser is replaced by one that throws a
 * {@link LinkageError} naming every diagnostic: the first use of the class (creating an instance,
 * calling a static method, or initialising an implementing class of an interface with default
 * methods) throws that error, and every later use a {@link NoClassDefFoundError} whose cause
 * carries the same text. None of the class's own code can run.
 */
final class UnweavableClass {

    /** A constant string holds at most 65535 bytes of modified UTF-8; stay well below. */
    private static final int MAX_MESSAGE_CHARS = 16_000;

    private UnweavableClass() {}

    /**
     * @param classFile the class file as the JVM offered it
     * @param message   why it cannot be used, possibly over several lines
     * @return the class file with a static initialiser that throws {@code LinkageError(message)}
     */
    static byte[] failingOnInitialisation(byte[] classFile, String message) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new InitialiserReplacer(writer, truncated(message)), 0);
        return writer.toByteArray();
    }

    private static String truncated(String message) {
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "\n...";
    }

    /** Drops the class's own static initialiser and adds the failing one. */
    private static final class InitialiserReplacer extends ClassVisitor {
        private final String message;

        InitialiserReplacer(ClassVisitor next, String message) {
            super(Opcodes.ASM9, next);
            this.message = message;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            return name.equals("<clinit>") ? null : super.visitMethod(access, name, descriptor, signature, exceptions);
        }

        @Override
        public void visitEnd() {
            MethodVisitor clinit = super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
            clinit.visitCode();
            clinit.visitTypeInsn(Opcodes.NEW, "java/lang/LinkageError");
            clinit.visitInsn(Opcodes.DUP);
            clinit.visitLdcInsn(message);
            clinit.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/LinkageError", "<init>", "(Ljava/lang/String;)V",
                    false);
            clinit.visitInsn(Opcodes.ATHROW);
            clinit.visitMaxs(3, 0);
            clinit.visitEnd();
            super.visitEnd();
        }
    }
}
