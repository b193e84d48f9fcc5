package io.ioucontext.conformance;

import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Assembles a {@code Shape} class with ASM: a public no-argument constructor and a
 * {@code run()Ljava/lang/Object;} whose code the caller emits, starting at source line 1 of
 * {@code Handmade.j}. Frames and maximums are computed by ASM.
 */
final class HandmadeShape {

    static final String STEP = "io/ioucontext/conformance/corpus/Step";
    static final String SHAPE = "io/ioucontext/conformance/corpus/Shape";
    static final String BUILDER = "java/lang/StringBuilder";

    private HandmadeShape() {
    }

    /** The class file of {@code handmade/<simpleName>}. */
    static byte[] assemble(String simpleName, Consumer<MethodVisitor> runBody) {
        return assemble(simpleName, Opcodes.V25, ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS, runBody);
    }

    /**
     * The class file of {@code handmade/<simpleName>} in the format of Java 5 (class file version 49):
     * no stack map frames, and {@code JSR}/{@code RET} subroutines allowed, as javac 1.4 wrote
     * {@code finally}.
     */
    static byte[] assembleJava5(String simpleName, Consumer<MethodVisitor> runBody) {
        return assemble(simpleName, Opcodes.V1_5, ClassWriter.COMPUTE_MAXS, runBody);
    }

    private static byte[] assemble(String simpleName, int version, int writerFlags, Consumer<MethodVisitor> runBody) {
        ClassWriter writer = new ClassWriter(writerFlags);
        writer.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "handmade/" + simpleName, null,
                "java/lang/Object", new String[] {SHAPE});
        writer.visitSource("Handmade.j", null);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor run = writer.visitMethod(Opcodes.ACC_PUBLIC, "run", "()Ljava/lang/Object;", null, null);
        run.visitCode();
        line(run, 1);
        runBody.accept(run);
        run.visitMaxs(0, 0);
        run.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** Marks the next instruction as source line {@code number}. */
    static void line(MethodVisitor code, int number) {
        Label here = new Label();
        code.visitLabel(here);
        code.visitLineNumber(number, here);
    }

    /** Emits {@code Step.point(label)}. */
    static void point(MethodVisitor code, String label) {
        code.visitLdcInsn(label);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, STEP, "point", "(Ljava/lang/String;)V", false);
    }

    /** Emits {@code Step.intValue(label, <int on the stack>)}: expects the int on top, leaves the int. */
    static void intStep(MethodVisitor code, String label) {
        code.visitLdcInsn(label);
        code.visitInsn(Opcodes.SWAP);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, STEP, "intValue", "(Ljava/lang/String;I)I", false);
    }

    /** Emits {@code Step.value(label, <reference on the stack>)} cast back to {@code type}. */
    static void refStep(MethodVisitor code, String label, String type) {
        code.visitLdcInsn(label);
        code.visitInsn(Opcodes.SWAP);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, STEP, "value",
                "(Ljava/lang/String;Ljava/lang/Object;)Ljava/lang/Object;", false);
        code.visitTypeInsn(Opcodes.CHECKCAST, type);
    }

    /** Emits {@code new StringBuilder}'s constructor call with the given descriptor. */
    static void constructStringBuilder(MethodVisitor code, String descriptor) {
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, BUILDER, "<init>", descriptor, false);
    }

    /** Emits {@code StringBuilder.append} of a value of the given type descriptor. */
    static void append(MethodVisitor code, String type) {
        code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUILDER, "append", "(" + type + ")L" + BUILDER + ";", false);
    }

    /** Emits {@code toString()} of the {@code StringBuilder} on the stack, and returns the string. */
    static void returnBuilt(MethodVisitor code) {
        code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUILDER, "toString", "()Ljava/lang/String;", false);
        code.visitInsn(Opcodes.ARETURN);
    }

    /** Emits {@code Integer.valueOf} of the int on the stack, and returns it. */
    static void returnBoxedInt(MethodVisitor code) {
        code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        code.visitInsn(Opcodes.ARETURN);
    }

    /**
     * The same class with another class file version; for versions before Java 7 without stack map
     * frames, as compilers of that time wrote them.
     */
    static byte[] withVersion(byte[] classFile, int version) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(version < Opcodes.V1_7 ? 0 : ClassWriter.COMPUTE_FRAMES);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int ignored, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(version, access, name, signature, superName, interfaces);
            }
        }, version < Opcodes.V1_7 ? ClassReader.SKIP_FRAMES : 0);
        return writer.toByteArray();
    }
}
