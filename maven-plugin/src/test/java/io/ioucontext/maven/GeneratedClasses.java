package io.ioucontext.maven;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;

/** Small class files written with ASM, for shapes javac does not give the test sources. */
final class GeneratedClasses {

    private GeneratedClasses() {}

    /** An empty public class with a default constructor. */
    static byte[] emptyClass(String internalName) {
        ClassWriter writer = classWithConstructor(internalName);
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * A class with a {@code @Suspendable static void pause()} that parks its fiber: one suspension
     * point, on line 7, which the weaver refuses when {@code synchronized}.
     */
    static byte[] parker(String internalName, boolean synchronizedPause) {
        ClassWriter writer = classWithConstructor(internalName);
        int access = Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | (synchronizedPause ? Opcodes.ACC_SYNCHRONIZED : 0);
        MethodVisitor pause = writer.visitMethod(access, "pause", "()V", null, null);
        pause.visitAnnotation("Lio/ioucontext/fiber/Suspendable;", true).visitEnd();
        pause.visitCode();
        Label call = new Label();
        pause.visitLabel(call);
        pause.visitLineNumber(7, call);
        pause.visitMethodInsn(Opcodes.INVOKESTATIC, "io/ioucontext/fiber/Fiber", "park", "()V", false);
        pause.visitInsn(Opcodes.RETURN);
        pause.visitMaxs(0, 0);
        pause.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /**
     * A class with a {@code @Suspendable static void run()} calling {@code callee.step()V}: woven
     * only when the weaver can read {@code callee} and sees that {@code step} is suspendable.
     */
    static byte[] caller(String internalName, String callee) {
        ClassWriter writer = classWithConstructor(internalName);
        MethodVisitor run = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        run.visitAnnotation("Lio/ioucontext/fiber/Suspendable;", true).visitEnd();
        run.visitCode();
        run.visitMethodInsn(Opcodes.INVOKESTATIC, callee, "step", "()V", false);
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** An empty class marked as woven by the given weaving version. */
    static byte[] markedWoven(String internalName, int version) {
        ClassWriter writer = classWithConstructor(internalName);
        var marker = writer.visitAnnotation("Lio/ioucontext/fiber/Woven;", true);
        marker.visit("version", version);
        marker.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A {@code module-info.class} of a module requiring only {@code java.base}. */
    static byte[] moduleDescriptor(String moduleName) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V25, Opcodes.ACC_MODULE, "module-info", null, null, null);
        ModuleVisitor module = writer.visitModule(moduleName, 0, null);
        module.visitRequire("java.base", Opcodes.ACC_MANDATED, null);
        module.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static ClassWriter classWithConstructor(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V25, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        writer.visitSource(internalName.substring(internalName.lastIndexOf('/') + 1) + ".java", null);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        return writer;
    }
}
