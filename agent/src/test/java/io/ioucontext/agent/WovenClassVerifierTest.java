package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.agenttest.Greeter;
import io.ioucontext.agenttest.PingPong;
import io.ioucontext.instrument.ClassFileSource;
import io.ioucontext.instrument.Weaver;
import io.ioucontext.instrument.classpath.ClassLoaderSource;
import io.ioucontext.instrument.classpath.CompositeSource;
import io.ioucontext.instrument.classpath.JdkSource;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class WovenClassVerifierTest {

    private final ClassFileSource classes = CompositeSource.of(
            new ClassLoaderSource(WovenClassVerifierTest.class.getClassLoader()), new JdkSource());

    private static byte[] classFileOf(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** A class with one static method {@code (Ljava/lang/String;)RETURN} returning its argument. */
    private static byte[] returningItsArgument(String returnDescriptor, int returnOpcode) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V25, Opcodes.ACC_PUBLIC, "com/example/Broken", null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_STATIC, "answer",
                "(Ljava/lang/String;)" + returnDescriptor, null, null);
        method.visitCode();
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitInsn(returnOpcode);
        method.visitMaxs(1, 1);
        method.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    @Test
    void validClassesHaveNoProblems() throws Exception {
        assertEquals(Optional.empty(), WovenClassVerifier.problems(classFileOf(Greeter.class), classes));
        byte[] woven = new Weaver(classes).weave(classFileOf(PingPong.class)).orElseThrow();
        assertEquals(Optional.empty(), WovenClassVerifier.problems(woven, classes));
        assertEquals(Optional.empty(), WovenClassVerifier.problems(
                returningItsArgument("Ljava/lang/CharSequence;", Opcodes.ARETURN), classes));
    }

    @Test
    void namesTheMethodThatMixesUpOperandKinds() {
        String problems = WovenClassVerifier.problems(returningItsArgument("I", Opcodes.IRETURN), classes)
                .orElseThrow();

        assertTrue(problems.startsWith("com.example.Broken.answer(Ljava/lang/String;)I: "), problems);
    }

    @Test
    void catchesAReferenceOfTheWrongClass() {
        String problems = WovenClassVerifier.problems(
                returningItsArgument("Ljava/lang/Integer;", Opcodes.ARETURN), classes).orElseThrow();

        assertTrue(problems.startsWith("com.example.Broken.answer(Ljava/lang/String;)Ljava/lang/Integer;: "), problems);
    }
}
