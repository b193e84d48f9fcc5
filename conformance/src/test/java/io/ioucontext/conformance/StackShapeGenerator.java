package io.ioucontext.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Emits a random straight-line {@code run()} body with ASM: values of every computational type
 * (and nulls) pushed, duplicated and shuffled with the {@code DUP}/{@code SWAP} family (shapes javac never
 * emits), stored to and loaded from locals whose types change, and suspensions both as steps with
 * the whole stack below them and as steps that pass the top value through. Objects under
 * construction too: {@code NEW}s whose copies are shuffled, stored and loaded like the other values
 * across steps until a constructor call, whose argument may itself be a step, makes every copy an
 * initialised {@code StringBuilder}. At the end every value on the stack and in the locals is folded
 * into a checksum, which the method returns.
 */
final class StackShapeGenerator {

    /** References that are always null: pushed as {@code ACONST_NULL}, so statically null-typed until a step. */
    private static final Type NULL = Type.getType(Object.class);
    private static final Type[] KINDS = {Type.INT_TYPE, Type.LONG_TYPE, Type.FLOAT_TYPE, Type.DOUBLE_TYPE,
        Type.getType(String.class), NULL};
    private static final int CHECKSUM = 1;
    private static final int FIRST_LOCAL = 3;
    private static final int LOCAL_SLOTS = 10;
    private static final int MAX_STACK = 12;
    private static final Type BUILDER = Type.getType(StringBuilder.class);
    /**
     * The generator's type of the object a {@code NEW} created while its constructor has not run: one
     * made-up class per {@code NEW}, so that its copies are recognised (the code says StringBuilder).
     */
    private static final String UNINITIALIZED = "uninitialized/New";

    private final Random random;
    private final MethodVisitor code;
    private final List<Type> stack = new ArrayList<>();
    private final Type[] locals = new Type[FIRST_LOCAL + LOCAL_SLOTS + 1];
    private int labels;
    private int news;

    private StackShapeGenerator(long seed, MethodVisitor code) {
        this.random = new Random(seed);
        this.code = code;
    }

    /** Emits the body generated from {@code seed}. */
    static void emit(long seed, MethodVisitor code) {
        new StackShapeGenerator(seed, code).body();
    }

    private void body() {
        code.visitLdcInsn(random.nextLong());
        code.visitVarInsn(Opcodes.LSTORE, CHECKSUM);
        for (int operations = 10 + random.nextInt(40); operations > 0; operations--) {
            operation();
        }
        while (!stack.isEmpty()) {
            fold();
        }
        for (int slot = FIRST_LOCAL; slot < locals.length; slot++) {
            if (locals[slot] != null && !isUninitialized(locals[slot])) {
                code.visitVarInsn(locals[slot].getOpcode(Opcodes.ILOAD), slot);
                stack.add(locals[slot]);
                fold();
            }
        }
        code.visitVarInsn(Opcodes.LLOAD, CHECKSUM);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Long", "valueOf", "(J)Ljava/lang/Long;", false);
        code.visitInsn(Opcodes.ARETURN);
    }

    private void operation() {
        switch (random.nextInt(11)) {
            case 0, 1 -> {
                if (stack.size() < MAX_STACK) {
                    push(KINDS[random.nextInt(KINDS.length)]);
                }
            }
            case 2 -> HandmadeShape.point(code, label());
            case 3 -> passThroughStep();
            case 4 -> shuffle();
            case 5 -> store();
            case 6 -> load();
            case 7 -> combine();
            case 8 -> allocate();
            case 9 -> construct();
            default -> {
                if (!stack.isEmpty()) {
                    fold();
                }
            }
        }
    }

    private void push(Type kind) {
        switch (kind.getSort()) {
            case Type.INT -> code.visitLdcInsn(random.nextInt());
            case Type.LONG -> code.visitLdcInsn(random.nextLong());
            case Type.FLOAT -> code.visitLdcInsn(random.nextInt(5) == 0 ? Float.NaN : random.nextFloat() * 1e6f);
            case Type.DOUBLE -> code.visitLdcInsn(random.nextInt(5) == 0 ? -0.0 : random.nextGaussian() * 1e9);
            default -> {
                if (kind.equals(NULL)) {
                    code.visitInsn(Opcodes.ACONST_NULL);
                } else {
                    code.visitLdcInsn("s" + random.nextInt(1000));
                }
            }
        }
        stack.add(kind);
    }

    /** {@code NEW StringBuilder}: an object whose constructor has not run. */
    private void allocate() {
        if (stack.size() < MAX_STACK) {
            code.visitTypeInsn(Opcodes.NEW, BUILDER.getInternalName());
            stack.add(Type.getObjectType(UNINITIALIZED + news++));
        }
    }

    private static boolean isUninitialized(Type kind) {
        return kind.getSort() == Type.OBJECT && kind.getInternalName().startsWith(UNINITIALIZED);
    }

    /**
     * Calls the constructor of the object on top with a string argument, which may be a step: every
     * copy of the object, on the stack and in the locals, is initialised then.
     */
    private void construct() {
        if (stack.isEmpty() || !isUninitialized(top(0))) {
            return;
        }
        Type constructed = stack.removeLast();
        code.visitLdcInsn("b" + random.nextInt(1000));
        if (random.nextBoolean()) {
            HandmadeShape.refStep(code, label(), "java/lang/String");
        }
        code.visitMethodInsn(Opcodes.INVOKESPECIAL, BUILDER.getInternalName(), "<init>", "(Ljava/lang/String;)V",
                false);
        stack.replaceAll(kind -> kind.equals(constructed) ? BUILDER : kind);
        for (int slot = 0; slot < locals.length; slot++) {
            if (constructed.equals(locals[slot])) {
                locals[slot] = BUILDER;
            }
        }
    }

    /** {@code Step.xValue(label, top)}: the top value goes through a suspension, the rest waits below. */
    private void passThroughStep() {
        if (stack.isEmpty() || isUninitialized(top(0))) {
            return;
        }
        Type top = top(0);
        code.visitLdcInsn(label());
        if (top.getSize() == 2) {
            code.visitInsn(Opcodes.DUP_X2);
            code.visitInsn(Opcodes.POP);
        } else {
            code.visitInsn(Opcodes.SWAP);
        }
        String step = HandmadeShape.STEP;
        switch (top.getSort()) {
            case Type.INT -> code.visitMethodInsn(Opcodes.INVOKESTATIC, step, "intValue", "(Ljava/lang/String;I)I",
                    false);
            case Type.LONG -> code.visitMethodInsn(Opcodes.INVOKESTATIC, step, "longValue", "(Ljava/lang/String;J)J",
                    false);
            case Type.FLOAT -> code.visitMethodInsn(Opcodes.INVOKESTATIC, step, "floatValue",
                    "(Ljava/lang/String;F)F", false);
            case Type.DOUBLE -> code.visitMethodInsn(Opcodes.INVOKESTATIC, step, "doubleValue",
                    "(Ljava/lang/String;D)D", false);
            default -> {
                code.visitMethodInsn(Opcodes.INVOKESTATIC, step, "value",
                        "(Ljava/lang/String;Ljava/lang/Object;)Ljava/lang/Object;", false);
                code.visitTypeInsn(Opcodes.CHECKCAST, top.getInternalName());
            }
        }
    }

    /** One of the stack instructions that apply to the top values' categories. */
    private void shuffle() {
        if (stack.size() >= MAX_STACK - 2 || stack.isEmpty()) {
            return;
        }
        int a = top(0).getSize();
        int b = stack.size() > 1 ? top(1).getSize() : 0;
        int c = stack.size() > 2 ? top(2).getSize() : 0;
        List<Runnable> choices = new ArrayList<>();
        if (a == 1) {
            choices.add(() -> insert(Opcodes.DUP, 1, 0));
            if (b == 1) {
                choices.add(() -> swap());
                choices.add(() -> insert(Opcodes.DUP_X1, 1, 1));
                choices.add(() -> insert(Opcodes.DUP2, 2, 0));
                if (c == 1) {
                    choices.add(() -> insert(Opcodes.DUP_X2, 1, 2));
                    choices.add(() -> insert(Opcodes.DUP2_X1, 2, 1));
                }
            }
            if (b == 2) {
                choices.add(() -> insert(Opcodes.DUP_X2, 1, 1));
            }
        } else {
            choices.add(() -> insert(Opcodes.DUP2, 1, 0));
            if (b == 1) {
                choices.add(() -> insert(Opcodes.DUP2_X1, 1, 1));
            }
            if (b == 2) {
                choices.add(() -> insert(Opcodes.DUP2_X2, 1, 1));
            }
        }
        choices.get(random.nextInt(choices.size())).run();
    }

    /**
     * Emits a DUP-family instruction that copies the top {@code copied} values and inserts the copies
     * below the {@code skipped} values under them (counted in values, not slots).
     */
    private void insert(int opcode, int copied, int skipped) {
        code.visitInsn(opcode);
        List<Type> copies = new ArrayList<>(stack.subList(stack.size() - copied, stack.size()));
        stack.addAll(stack.size() - copied - skipped, copies);
    }

    private void swap() {
        code.visitInsn(Opcodes.SWAP);
        Type top = stack.removeLast();
        stack.add(stack.size() - 1, top);
    }

    private void store() {
        if (stack.isEmpty()) {
            return;
        }
        Type kind = stack.removeLast();
        int slot = FIRST_LOCAL + random.nextInt(LOCAL_SLOTS - 1);
        code.visitVarInsn(kind.getOpcode(Opcodes.ISTORE), slot);
        // a store kills the value that overlapped the slot, and the second slot of a wide value
        if (slot > FIRST_LOCAL && locals[slot - 1] != null && locals[slot - 1].getSize() == 2) {
            locals[slot - 1] = null;
        }
        locals[slot] = kind;
        if (kind.getSize() == 2) {
            locals[slot + 1] = null;
        }
    }

    private void load() {
        List<Integer> slots = new ArrayList<>();
        for (int slot = FIRST_LOCAL; slot < locals.length; slot++) {
            if (locals[slot] != null) {
                slots.add(slot);
            }
        }
        if (slots.isEmpty() || stack.size() >= MAX_STACK) {
            return;
        }
        int slot = slots.get(random.nextInt(slots.size()));
        code.visitVarInsn(locals[slot].getOpcode(Opcodes.ILOAD), slot);
        stack.add(locals[slot]);
    }

    /** Adds the two top values when they are numbers of one type. */
    private void combine() {
        if (stack.size() < 2 || !top(0).equals(top(1)) || top(0).getSort() == Type.OBJECT) {
            return;
        }
        code.visitInsn(top(0).getOpcode(Opcodes.IADD));
        stack.removeLast();
    }

    /**
     * checksum = checksum * 1000003 + bits(top), popping the top value (a built string's hash for a
     * {@code StringBuilder}; an object under construction is only popped).
     */
    private void fold() {
        Type kind = stack.removeLast();
        if (isUninitialized(kind)) {
            code.visitInsn(Opcodes.POP);
            return;
        }
        if (kind.equals(BUILDER)) {
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, BUILDER.getInternalName(), "toString", "()Ljava/lang/String;",
                    false);
        }
        switch (kind.getSort()) {
            case Type.INT -> code.visitInsn(Opcodes.I2L);
            case Type.LONG -> {
            }
            case Type.FLOAT -> {
                code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
                code.visitInsn(Opcodes.I2L);
            }
            case Type.DOUBLE -> code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits",
                    "(D)J", false);
            default -> {
                code.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/Objects", "hashCode", "(Ljava/lang/Object;)I",
                        false);
                code.visitInsn(Opcodes.I2L);
            }
        }
        code.visitVarInsn(Opcodes.LLOAD, CHECKSUM);
        code.visitLdcInsn(1_000_003L);
        code.visitInsn(Opcodes.LMUL);
        code.visitInsn(Opcodes.LADD);
        code.visitVarInsn(Opcodes.LSTORE, CHECKSUM);
    }

    private Type top(int depth) {
        return stack.get(stack.size() - 1 - depth);
    }

    private String label() {
        return "op " + labels++;
    }
}
