package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * What a frame saves at one suspension point: its locals in ascending slot order, then the operand
 * stack below the call's receiver and arguments, bottom first. Saving and restoring both walk this
 * one list, so they cannot disagree on the order.
 *
 * @param values           every value to save or re-create, in order
 * @param stackBottomDepth how many of them (the last ones) are operand-stack values
 */
record FrameLayout(List<Value> values, int stackBottomDepth) {

    /** How a value is kept on the fiber stack. */
    enum Kind {
        INT(Opcodes.ILOAD, "Int", "I"),
        LONG(Opcodes.LLOAD, "Long", "J"),
        FLOAT(Opcodes.FLOAD, "Float", "F"),
        DOUBLE(Opcodes.DLOAD, "Double", "D"),
        REF(Opcodes.ALOAD, "Ref", "Ljava/lang/Object;"),
        /** Statically known to be null: not saved, re-created with {@code ACONST_NULL}. */
        NULL(Opcodes.ALOAD, "Ref", "Ljava/lang/Object;");

        final int loadOpcode;
        final String suffix;
        final String descriptor;

        Kind(int loadOpcode, String suffix, String descriptor) {
            this.loadOpcode = loadOpcode;
            this.suffix = suffix;
            this.descriptor = descriptor;
        }

        int storeOpcode() {
            return loadOpcode + (Opcodes.ISTORE - Opcodes.ILOAD);
        }

        int size() {
            return this == LONG || this == DOUBLE ? 2 : 1;
        }

        /** Whether values of this kind go to the fiber stack's primitive array. */
        boolean isPrimitive() {
            return this != REF && this != NULL;
        }

        /** The kind of a JVM type (a method's return type, say); null for void. */
        static Kind of(Type type) {
            return switch (type.getSort()) {
                case Type.VOID -> null;
                case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> INT;
                case Type.LONG -> LONG;
                case Type.FLOAT -> FLOAT;
                case Type.DOUBLE -> DOUBLE;
                default -> REF;
            };
        }
    }

    /**
     * One saved value.
     *
     * @param kind  how it is kept
     * @param type  its reference type, for the cast on restore (null for primitives)
     * @param local its local slot, or -1 for an operand-stack value
     */
    record Value(Kind kind, Type type, int local) {
        boolean onStack() {
            return local < 0;
        }
    }

    /** Thrown when the frame holds a value that cannot be saved. */
    static final class Unsaveable extends Exception {
        Unsaveable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The layout at a call.
     *
     * @param frame          the frame before the call
     * @param operandsOfCall how many stack values the call consumes (receiver and arguments)
     * @param needed         which local slots must be saved: the live ones, and the receiver
     */
    static FrameLayout at(TypedFrame frame, int operandsOfCall, IntPredicate needed) throws Unsaveable {
        List<Value> values = new ArrayList<>();
        for (int slot = 0; slot < frame.getLocals(); slot++) {
            if (!needed.test(slot)) {
                continue;
            }
            Value value = valueOf(frame.getLocal(slot), slot);
            if (value != null) {
                values.add(value);
            }
        }
        int depth = frame.getStackSize() - operandsOfCall;
        for (int i = 0; i < depth; i++) {
            Value value = valueOf(frame.getStack(i), -1);
            if (value == null) {
                throw new Unsaveable("an operand of unknown type is on the stack");
            }
            values.add(value);
        }
        return new FrameLayout(List.copyOf(values), depth);
    }

    private static Value valueOf(BasicValue value, int local) throws Unsaveable {
        if (value instanceof TypeInterpreter.Uninitialized) {
            // NewRelocation moves every other NEW held here
            throw new Unsaveable("a 'new " + value.getType().getClassName() + "' whose constructor has not"
                    + " run yet is held across the call and compared or locked before its constructor runs"
                    + " (bytecode javac does not emit), so it cannot be saved");
        }
        Type type = value.getType();
        if (type == null || value == BasicValue.RETURNADDRESS_VALUE) {
            return null;
        }
        return switch (type.getSort()) {
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> new Value(Kind.INT, null, local);
            case Type.LONG -> new Value(Kind.LONG, null, local);
            case Type.FLOAT -> new Value(Kind.FLOAT, null, local);
            case Type.DOUBLE -> new Value(Kind.DOUBLE, null, local);
            case Type.ARRAY -> new Value(Kind.REF, type, local);
            case Type.OBJECT -> type.getInternalName().equals("null")
                    ? new Value(Kind.NULL, null, local)
                    : new Value(Kind.REF, type, local);
            default -> null;
        };
    }

    /** How many saved values are of a matching kind. */
    int count(Predicate<Kind> matching) {
        return (int) values.stream().filter(v -> matching.test(v.kind())).count();
    }

    /** The operand-stack values, bottom first. */
    List<Value> stackBottom() {
        return values.subList(values.size() - stackBottomDepth, values.size());
    }

    /** The slots the stack bottom is spilled to while saving, starting at {@code firstFree}. */
    int[] spillSlots(int firstFree) {
        List<Value> bottom = stackBottom();
        int[] slots = new int[bottom.size()];
        int next = firstFree;
        for (int i = 0; i < slots.length; i++) {
            slots[i] = next;
            next += bottom.get(i).kind().size();
        }
        return slots;
    }

    /** How many local slots spilling the stack bottom needs. */
    int spillSize() {
        return stackBottom().stream().mapToInt(v -> v.kind().size()).sum();
    }
}
