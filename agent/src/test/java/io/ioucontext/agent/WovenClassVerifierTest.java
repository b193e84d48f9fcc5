package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.agenttest.Greeter;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class WovenClassVerifierTest {

    @Test
    void aValidClassHasNoProblems() throws Exception {
        try (InputStream in = Greeter.class.getResourceAsStream("Greeter.class")) {
            assertEquals(Optional.empty(), WovenClassVerifier.problems(in.readAllBytes()));
        }
    }

    @Test
    void namesTheMethodThatMixesUpOperandKinds() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V25, Opcodes.ACC_PUBLIC, "com/example/Broken", null, "java/lang/Object", null);
        MethodVisitor broken = writer.visitMethod(Opcodes.ACC_STATIC, "answer", "(Ljava/lang/String;)I", null, null);
        broken.visitCode();
        broken.visitVarInsn(Opcodes.ALOAD, 0);
        broken.visitInsn(Opcodes.IRETURN);
        broken.visitMaxs(1, 1);
        broken.visitEnd();
        writer.visitEnd();

        String problems = WovenClassVerifier.problems(writer.toByteArray()).orElseThrow();

        assertTrue(problems.startsWith("com.example.Broken.answer(Ljava/lang/String;)I: "), problems);
    }
}
