package io.ioucontext.conformance;

import static io.ioucontext.conformance.HandmadeShape.append;
import static io.ioucontext.conformance.HandmadeShape.constructStringBuilder;
import static io.ioucontext.conformance.HandmadeShape.intStep;
import static io.ioucontext.conformance.HandmadeShape.line;
import static io.ioucontext.conformance.HandmadeShape.point;
import static io.ioucontext.conformance.HandmadeShape.refStep;
import static io.ioucontext.conformance.HandmadeShape.returnBoxedInt;
import static io.ioucontext.conformance.HandmadeShape.returnBuilt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.conformance.driver.ShapeRun;
import io.ioucontext.instrument.Diagnostic;
import io.ioucontext.instrument.WeaveException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Bytecode javac never emits, assembled with ASM: each shape is either woven correctly (same run as
 * the unwoven class, a suspension at every step, verifiable) or refused with the exact diagnostic.
 */
class HandAssembledShapesTest {


    private static void weaveAndRun(String name, Consumer<MethodVisitor> body) throws Exception {
        ShapeRun run = WeaveAndRun.assertSameAsPlain(Map.of("handmade/" + name, HandmadeShape.assemble(name, body)),
                "handmade/" + name);
        assertTrue(run.steps() > 0, name + " takes no step");
    }

    /** Woven correctly, or refused with exactly {@code expected}. */
    private static void wovenOrRefused(String name, Consumer<MethodVisitor> body, List<String> expected)
            throws Exception {
        Map<String, byte[]> unwoven = Map.of("handmade/" + name, HandmadeShape.assemble(name, body));
        try {
            WeaveAndRun.weaveAll(unwoven);
        } catch (WeaveException e) {
            assertEquals(expected, e.diagnostics().stream().map(Diagnostic::toString).toList());
            return;
        }
        WeaveAndRun.assertSameAsPlain(unwoven, "handmade/" + name);
    }

    @Test
    void uninitializedObjectWithAnExtraCopyAcrossASuspendingConstructorArgument() throws Exception {
        // NEW; DUP; DUP; <suspending argument>; INVOKESPECIAL <init>: two initialised copies remain
        weaveAndRun("NewDupDup", code -> {
            code.visitTypeInsn(Opcodes.NEW, HandmadeShape.BUILDER);
            code.visitInsn(Opcodes.DUP);
            code.visitInsn(Opcodes.DUP);
            code.visitLdcInsn("built");
            refStep(code, "constructor argument", "java/lang/String");
            constructStringBuilder(code, "(Ljava/lang/String;)V");
            code.visitLdcInsn("!");
            append(code, "Ljava/lang/String;");
            code.visitInsn(Opcodes.POP);
            returnBuilt(code);
        });
    }

    @Test
    void uninitializedObjectCopiedIntoALocalWhileAnotherCopyWaitsOnTheStack() throws Exception {
        // NEW; DUP; ASTORE 1; <suspension>; INVOKESPECIAL <init>; ALOAD 1: the local's copy is initialised too
        weaveAndRun("NewDupStore", code -> {
            code.visitTypeInsn(Opcodes.NEW, HandmadeShape.BUILDER);
            code.visitInsn(Opcodes.DUP);
            code.visitVarInsn(Opcodes.ASTORE, 1);
            point(code, "with an uninitialised object in a local and on the stack");
            constructStringBuilder(code, "()V");
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitLdcInsn("x");
            append(code, "Ljava/lang/String;");
            returnBuilt(code);
        });
    }

    @Test
    void uninitializedObjectBelowAnotherValueAcrossASuspension() throws Exception {
        // NEW; DUP; <int>; <suspension>; POP the int; INVOKESPECIAL <init>()
        weaveAndRun("NewDupBelowInt", code -> {
            code.visitTypeInsn(Opcodes.NEW, HandmadeShape.BUILDER);
            code.visitInsn(Opcodes.DUP);
            code.visitIntInsn(Opcodes.BIPUSH, 9);
            point(code, "with an uninitialised object below");
            code.visitInsn(Opcodes.POP);
            constructStringBuilder(code, "()V");
            returnBuilt(code);
        });
    }

    @Test
    void uninitializedObjectInALocalConstructedAtTheMethodsMaximumStackDepth() throws Exception {
        // NEW; ASTORE 1; <suspension>; ALOAD 1; LDC; INVOKESPECIAL <init>: the relocated NEW; DUP
        // stands where one placeholder stood, one value above the class file's maximum stack
        weaveAndRun("NewAtMaxStack", code -> {
            code.visitTypeInsn(Opcodes.NEW, HandmadeShape.BUILDER);
            code.visitVarInsn(Opcodes.ASTORE, 1);
            point(code, "with an uninitialised object in a local only");
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitLdcInsn("built");
            constructStringBuilder(code, "(Ljava/lang/String;)V");
            code.visitVarInsn(Opcodes.ALOAD, 1);
            returnBuilt(code);
        });
    }

    @Test
    void uninitializedObjectParkedInLocalsAroundAHandlerLikeJavacDoes() throws Exception {
        // javac's switch expression with a try as a constructor argument: NEW; DUP; ASTORE; ASTORE,
        // the suspension inside the try, ALOAD; ALOAD in each branch before INVOKESPECIAL <init>
        weaveAndRun("NewParkedInLocals", code -> {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            Label construct = new Label();
            code.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
            code.visitTypeInsn(Opcodes.NEW, HandmadeShape.BUILDER);
            code.visitInsn(Opcodes.DUP);
            code.visitVarInsn(Opcodes.ASTORE, 1);
            code.visitVarInsn(Opcodes.ASTORE, 2);
            code.visitLabel(start);
            code.visitLdcInsn("parked");
            refStep(code, "inside the try", "java/lang/String");
            code.visitVarInsn(Opcodes.ASTORE, 3);
            code.visitLabel(end);
            code.visitVarInsn(Opcodes.ALOAD, 2);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitVarInsn(Opcodes.ALOAD, 3);
            code.visitJumpInsn(Opcodes.GOTO, construct);
            code.visitLabel(handler);
            code.visitInsn(Opcodes.POP);
            code.visitVarInsn(Opcodes.ALOAD, 2);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitLdcInsn("caught");
            code.visitLabel(construct);
            constructStringBuilder(code, "(Ljava/lang/String;)V");
            returnBuilt(code);
        });
    }

    @Test
    void uninitializedCopiesInterleavedWithOtherValuesBelowTheReceiver() throws Exception {
        // NEW; DUP; ASTORE 1; <long>; ALOAD 1; <suspending int>: the stack holds copy, long, copy (the
        // receiver), argument; both copies and the local must come back constructed, the long unchanged
        weaveAndRun("NewInterleaved", code -> {
            code.visitTypeInsn(Opcodes.NEW, HandmadeShape.BUILDER);
            code.visitInsn(Opcodes.DUP);
            code.visitVarInsn(Opcodes.ASTORE, 1);
            code.visitLdcInsn(40L);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitIntInsn(Opcodes.BIPUSH, 16);
            intStep(code, "capacity, with copies around a long");
            constructStringBuilder(code, "(I)V");
            append(code, "J");
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HandmadeShape.BUILDER, "capacity", "()I", false);
            append(code, "I");
            returnBuilt(code);
        });
    }

    @Test
    void valuesMergedFromUnrelatedClassesUsedThroughAnInterfaceAfterResuming() throws Exception {
        // String and Integer merge to Object; the verifier allows invokeinterface Comparable on it
        weaveAndRun("InterfaceMerge", code -> {
            Label integer = new Label();
            Label join = new Label();
            code.visitInsn(Opcodes.ICONST_0);
            intStep(code, "pick");
            code.visitJumpInsn(Opcodes.IFEQ, integer);
            code.visitLdcInsn("text");
            code.visitJumpInsn(Opcodes.GOTO, join);
            code.visitLabel(integer);
            code.visitInsn(Opcodes.ICONST_5);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
            code.visitLabel(join);
            point(code, "merged value below");
            code.visitInsn(Opcodes.DUP);
            code.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/lang/Comparable", "compareTo", "(Ljava/lang/Object;)I",
                    true);
            returnBoxedInt(code);
        });
    }

    @Test
    void handlerInsideItsOwnProtectedRange() throws Exception {
        // the handler's code lies inside the range it protects: a loop through the handler
        weaveAndRun("HandlerInOwnRange", code -> {
            Label start = new Label();
            Label handler = new Label();
            Label end = new Label();
            Label done = new Label();
            code.visitTryCatchBlock(start, end, handler, "java/lang/RuntimeException");
            code.visitInsn(Opcodes.ICONST_0);
            code.visitVarInsn(Opcodes.ISTORE, 1);
            code.visitLabel(start);
            code.visitIincInsn(1, 1);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitInsn(Opcodes.ICONST_3);
            code.visitJumpInsn(Opcodes.IF_ICMPGE, done);
            point(code, "in range");
            code.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
            code.visitInsn(Opcodes.DUP);
            code.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "()V", false);
            code.visitInsn(Opcodes.ATHROW);
            code.visitLabel(handler);
            code.visitInsn(Opcodes.POP);
            point(code, "in handler");
            code.visitJumpInsn(Opcodes.GOTO, start);
            code.visitLabel(end);
            code.visitLabel(done);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            returnBoxedInt(code);
        });
    }

    @Test
    void slotsReusedForOtherTypesAndHalvesOfALong() throws Exception {
        weaveAndRun("SlotReuse", code -> {
            code.visitIntInsn(Opcodes.BIPUSH, 7);
            code.visitVarInsn(Opcodes.ISTORE, 1);
            point(code, "int in slot 1");
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/String", "valueOf", "(I)Ljava/lang/String;", false);
            code.visitVarInsn(Opcodes.ASTORE, 1);
            point(code, "String in slot 1");
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitVarInsn(Opcodes.ASTORE, 4);
            code.visitLdcInsn(5_000_000_000L);
            code.visitVarInsn(Opcodes.LSTORE, 1);
            point(code, "long in slots 1 and 2");
            code.visitVarInsn(Opcodes.LLOAD, 1);
            code.visitLdcInsn(1_000_000L);
            code.visitInsn(Opcodes.LDIV);
            code.visitInsn(Opcodes.L2I);
            code.visitVarInsn(Opcodes.ISTORE, 2);
            point(code, "int over the long's second half");
            code.visitVarInsn(Opcodes.ILOAD, 2);
            code.visitVarInsn(Opcodes.ALOAD, 4);
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
            code.visitInsn(Opcodes.IADD);
            returnBoxedInt(code);
        });
    }

    @Test
    void localsMergedFromIncompatibleTypesAreTopAcrossASuspension() throws Exception {
        // slot 1 holds an int on one path and a String on the other, slots 2-3 a double on one path
        // only: after the merge all three are TOP (unusable) at the suspension, then slot 1 is reused
        weaveAndRun("TopLocals", code -> {
            Label otherwise = new Label();
            Label merge = new Label();
            code.visitInsn(Opcodes.ICONST_3);
            intStep(code, "choose");
            code.visitVarInsn(Opcodes.ISTORE, 5);
            code.visitVarInsn(Opcodes.ILOAD, 5);
            code.visitInsn(Opcodes.ICONST_2);
            code.visitInsn(Opcodes.IREM);
            code.visitJumpInsn(Opcodes.IFEQ, otherwise);
            code.visitIntInsn(Opcodes.BIPUSH, 7);
            code.visitVarInsn(Opcodes.ISTORE, 1);
            code.visitJumpInsn(Opcodes.GOTO, merge);
            code.visitLabel(otherwise);
            code.visitLdcInsn("text");
            code.visitVarInsn(Opcodes.ASTORE, 1);
            code.visitLdcInsn(2.5);
            code.visitVarInsn(Opcodes.DSTORE, 2);
            code.visitLabel(merge);
            point(code, "after the incompatible merge");
            code.visitLdcInsn("again");
            code.visitVarInsn(Opcodes.ASTORE, 1);
            point(code, "slot 1 reused");
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
            code.visitVarInsn(Opcodes.ILOAD, 5);
            code.visitInsn(Opcodes.IADD);
            returnBoxedInt(code);
        });
    }

    @Test
    void wideAndNarrowValuesShuffledBelowTheArguments() throws Exception {
        // DUP_X2 / POP put an int below a long; both wait below the suspending call's arguments
        weaveAndRun("DupX2", code -> {
            code.visitLdcInsn(40L);
            code.visitInsn(Opcodes.ICONST_2);
            code.visitInsn(Opcodes.DUP_X2);
            code.visitInsn(Opcodes.POP);
            code.visitInsn(Opcodes.DUP2);
            code.visitInsn(Opcodes.POP2);
            code.visitInsn(Opcodes.ICONST_3);
            intStep(code, "below: int, long");
            code.visitInsn(Opcodes.I2L);
            code.visitInsn(Opcodes.LADD);
            code.visitInsn(Opcodes.L2I);
            code.visitInsn(Opcodes.IADD);
            returnBoxedInt(code);
        });
    }

    @Test
    void nullTypedValuesInALocalAndOnTheStack() throws Exception {
        weaveAndRun("NullTyped", code -> {
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitVarInsn(Opcodes.ASTORE, 1);
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitInsn(Opcodes.ACONST_NULL);
            refStep(code, "null below a null argument", "java/lang/Object");
            code.visitInsn(Opcodes.POP);
            line(code, 2);
            Label notNull = new Label();
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitJumpInsn(Opcodes.IFNONNULL, notNull);
            code.visitInsn(Opcodes.ARETURN);
            code.visitLabel(notNull);
            code.visitLdcInsn("local 1 is not null");
            code.visitInsn(Opcodes.ARETURN);
        });
    }

    @Test
    void suspensionPointInUnreachableCode() throws Exception {
        // javac never emits dead code; ASM's analyzer has no frame for it
        weaveAndRun("DeadCode", code -> {
            Label live = new Label();
            point(code, "reachable");
            code.visitJumpInsn(Opcodes.GOTO, live);
            point(code, "unreachable");
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitInsn(Opcodes.ARETURN);
            code.visitLabel(live);
            code.visitLdcInsn("live");
            code.visitInsn(Opcodes.ARETURN);
        });
    }

    @Test
    void localZeroOverwrittenAcrossASuspensionIsRefused() throws Exception {
        wovenOrRefused("NotThis", code -> {
            code.visitLdcInsn("not this");
            code.visitVarInsn(Opcodes.ASTORE, 0);
            point(code, "local 0 is a String");
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitInsn(Opcodes.ARETURN);
        }, List.of("handmade.NotThis.run(Handmade.j:1): suspension point"
                + " io.ioucontext.conformance.corpus.Step.point(Ljava/lang/String;)V"
                + " while local 0 does not hold 'this'"));
    }

    @Test
    void localZeroHoldingThisAgainAtTheSuspensionIsWoven() throws Exception {
        weaveAndRun("ThisAgain", code -> {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitVarInsn(Opcodes.ASTORE, 1);
            code.visitLdcInsn("for a while not this");
            code.visitVarInsn(Opcodes.ASTORE, 0);
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
            code.visitVarInsn(Opcodes.ISTORE, 2);
            code.visitVarInsn(Opcodes.ALOAD, 1);
            code.visitVarInsn(Opcodes.ASTORE, 0);
            point(code, "this is back in local 0");
            code.visitVarInsn(Opcodes.ILOAD, 2);
            returnBoxedInt(code);
        });
    }

    @Test
    void classFilesOfOldVersionsWithoutFramesAreUpgradedAndWoven() throws Exception {
        for (int version : new int[] {Opcodes.V1_6, Opcodes.V1_8, Opcodes.V9}) {
            String name = "Version" + (version & 0xFFFF);
            byte[] modern = HandmadeShape.assemble(name, code -> {
                code.visitLdcInsn(3L);
                code.visitInsn(Opcodes.ICONST_4);
                intStep(code, "old class file");
                code.visitInsn(Opcodes.I2L);
                code.visitInsn(Opcodes.LMUL);
                code.visitInsn(Opcodes.L2I);
                returnBoxedInt(code);
            });
            WeaveAndRun.assertSameAsPlain(Map.of("handmade/" + name, HandmadeShape.withVersion(modern, version)),
                    "handmade/" + name);
        }
    }

    @Test
    void subroutinesOfAJava5ClassFileSuspendEachTimeTheyAreCalled() throws Exception {
        // JSR/RET (javac 1.4's finally): the subroutine suspends and is called twice, once from a
        // handler; the weaver inlines it at each call before weaving
        Label subroutine = new Label();
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        Label done = new Label();
        byte[] java5 = HandmadeShape.assembleJava5("Subroutines", code -> {
            code.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/ArithmeticException");
            code.visitInsn(Opcodes.ICONST_5);
            code.visitVarInsn(Opcodes.ISTORE, 1);
            code.visitLabel(tryStart);
            code.visitJumpInsn(Opcodes.JSR, subroutine);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitInsn(Opcodes.ICONST_0);
            code.visitInsn(Opcodes.IDIV);
            code.visitVarInsn(Opcodes.ISTORE, 1);
            code.visitLabel(tryEnd);
            code.visitJumpInsn(Opcodes.GOTO, done);
            code.visitLabel(handler);
            code.visitInsn(Opcodes.POP);
            code.visitJumpInsn(Opcodes.JSR, subroutine);
            code.visitLabel(done);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            returnBoxedInt(code);
            code.visitLabel(subroutine);
            code.visitVarInsn(Opcodes.ASTORE, 2);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            intStep(code, "in subroutine");
            code.visitInsn(Opcodes.ICONST_3);
            code.visitInsn(Opcodes.IMUL);
            code.visitVarInsn(Opcodes.ISTORE, 1);
            code.visitVarInsn(Opcodes.RET, 2);
        });
        ShapeRun run = WeaveAndRun.assertSameAsPlain(Map.of("handmade/Subroutines", java5), "handmade/Subroutines");
        assertEquals(List.of("step in subroutine", "step in subroutine"), run.transcript());
        assertEquals("=> 45", run.outcome());
    }

    @Test
    void valueCarriedOnTheStackAroundALoop() throws Exception {
        // an accumulator lives on the operand stack across the back edge and across each suspension
        weaveAndRun("StackLoop", code -> {
            Label loop = new Label();
            Label done = new Label();
            code.visitInsn(Opcodes.ICONST_0);
            code.visitVarInsn(Opcodes.ISTORE, 1);
            code.visitIntInsn(Opcodes.BIPUSH, 100);
            code.visitLabel(loop);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            code.visitInsn(Opcodes.ICONST_3);
            code.visitJumpInsn(Opcodes.IF_ICMPGE, done);
            code.visitVarInsn(Opcodes.ILOAD, 1);
            intStep(code, "accumulator below");
            code.visitInsn(Opcodes.IADD);
            code.visitIincInsn(1, 1);
            code.visitJumpInsn(Opcodes.GOTO, loop);
            code.visitLabel(done);
            returnBoxedInt(code);
        });
    }

    @Test
    void caughtExceptionKeptOnTheStackAcrossASuspension() throws Exception {
        // javac stores a caught exception in a local at once; here it stays on the stack
        weaveAndRun("ExceptionOnStack", code -> {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            code.visitTryCatchBlock(start, end, handler, "java/lang/IllegalStateException");
            code.visitLabel(start);
            point(code, "before throw");
            code.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
            code.visitInsn(Opcodes.DUP);
            code.visitLdcInsn("kept");
            code.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                    "(Ljava/lang/String;)V", false);
            code.visitInsn(Opcodes.ATHROW);
            code.visitLabel(end);
            code.visitLabel(handler);
            code.visitInsn(Opcodes.DUP);
            refStep(code, "exception below its copy", "java/lang/Throwable");
            code.visitInsn(Opcodes.POP);
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Throwable", "getMessage", "()Ljava/lang/String;",
                    false);
            code.visitInsn(Opcodes.ARETURN);
        });
    }

    @Test
    void localsAtTheTopOfTheSlotRangeLeaveNoRoomForSpills() throws Exception {
        // locals up to slot 65533 and values below a suspending call's arguments: spilling them
        // needs slots past 65535, so the method is woven some other way or refused with a diagnostic
        Map<String, byte[]> unwoven = Map.of("handmade/TopSlots", HandmadeShape.assemble("TopSlots", code -> {
            code.visitLdcInsn(5L);
            code.visitVarInsn(Opcodes.LSTORE, 65532);
            code.visitVarInsn(Opcodes.LLOAD, 65532);
            code.visitLdcInsn(6L);
            code.visitInsn(Opcodes.ICONST_1);
            intStep(code, "two longs below");
            code.visitInsn(Opcodes.I2L);
            code.visitInsn(Opcodes.LADD);
            code.visitInsn(Opcodes.LADD);
            code.visitVarInsn(Opcodes.LLOAD, 65532);
            code.visitInsn(Opcodes.LADD);
            code.visitInsn(Opcodes.L2I);
            returnBoxedInt(code);
        }));
        try {
            WeaveAndRun.weaveAll(unwoven);
        } catch (WeaveException e) {
            assertEquals(1, e.diagnostics().size(), e.diagnostics().toString());
            assertTrue(e.diagnostics().getFirst().toString().startsWith("handmade.TopSlots.run(Handmade.j"),
                    e.diagnostics().toString());
            return;
        }
        WeaveAndRun.assertSameAsPlain(unwoven, "handmade/TopSlots");
    }
}
