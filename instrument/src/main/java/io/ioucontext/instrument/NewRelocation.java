package io.ioucontext.instrument;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * Makes {@code new C(..., suspendableCall(), ...)} weavable: an object whose constructor has not run
 * cannot be saved, so a {@code NEW C} whose value (any copy of it, on the operand stack or in a
 * local) is held at a suspension point is moved to just before its constructor call, after the
 * arguments have been parked in fresh locals.
 *
 * <p>Until then a {@code null} stands in for the object: {@code NEW} becomes {@code ACONST_NULL},
 * so the {@code DUP}s, {@code ASTORE}s and {@code ALOAD}s javac emits move placeholders around
 * (javac parks the whole operand stack, the object under construction included, in locals around a
 * switch expression containing a {@code try}). Right before the constructor call the placeholders
 * down to the deepest copy on the stack are dropped, the object is created and constructed, and
 * every copy the JVM would have initialised (on the stack and in locals) is put back as the
 * constructed object. As with the Kotlin compiler's same transformation, C's static initialiser
 * then runs after the arguments are evaluated rather than before.
 *
 * <p>A copy that is tested ({@code IFNULL}, {@code IF_ACMP}) or locked is left alone, since a
 * placeholder would change the outcome; javac never emits that, and the suspension point is
 * refused as unsaveable.
 */
final class NewRelocation {

    private NewRelocation() {
    }

    /**
     * Relocates every {@code NEW} whose value is held (on the operand stack or in a local) at one of
     * the given calls.
     *
     * @return whether the method changed (then it must be analysed again)
     */
    static boolean relocate(MethodNode method, TypedFrame[] frames, Iterable<CallSite> calls) {
        Set<AbstractInsnNode> held = heldAt(frames, calls);
        held.removeAll(observed(method.instructions, frames));
        if (held.isEmpty()) {
            return false;
        }
        InsnList code = method.instructions;
        Map<AbstractInsnNode, Construction> constructions = new LinkedHashMap<>();
        for (int index = 0; index < code.size(); index++) {
            if (code.get(index) instanceof MethodInsnNode init && isConstructorCall(init) && frames[index] != null) {
                BasicValue receiver = frames[index].getStack(receiverIndex(frames[index], init));
                if (receiver instanceof TypeInterpreter.Uninitialized value && held.contains(value.origin)) {
                    constructions.put(init, new Construction(frames[index], init, value));
                }
            }
        }
        for (Construction construction : constructions.values()) {
            if (!construction.isSpillable()) {
                held.remove(construction.value.origin);
            }
        }
        if (held.isEmpty()) {
            return false;
        }
        constructions.forEach((init, construction) -> {
            if (held.contains(construction.value.origin)) {
                code.insertBefore(init, construction.before(method));
                code.insert(init, construction.after(method));
            }
        });
        for (AbstractInsnNode origin : held) {
            code.set(origin, new InsnNode(Opcodes.ACONST_NULL));
        }
        // NEW and DUP where maybe one placeholder stood, then a DUP of the constructed object
        method.maxStack += 2;
        return true;
    }

    /** The {@code NEW}s with a copy of their value on the stack or in a local at one of the calls. */
    private static Set<AbstractInsnNode> heldAt(TypedFrame[] frames, Iterable<CallSite> calls) {
        Set<AbstractInsnNode> news = new LinkedHashSet<>();
        for (CallSite call : calls) {
            TypedFrame frame = frames[call.insnIndex()];
            if (frame == null) {
                continue;
            }
            for (int i = 0; i < frame.getStackSize(); i++) {
                addOrigin(frame.getStack(i), news);
            }
            for (int slot = 0; slot < frame.getLocals(); slot++) {
                addOrigin(frame.getLocal(slot), news);
            }
        }
        return news;
    }

    private static void addOrigin(BasicValue value, Set<AbstractInsnNode> news) {
        if (value instanceof TypeInterpreter.Uninitialized uninitialized) {
            news.add(uninitialized.origin);
        }
    }

    /** The {@code NEW}s a copy of whose value is compared or locked: a placeholder cannot stand in. */
    private static Set<AbstractInsnNode> observed(InsnList code, TypedFrame[] frames) {
        Set<AbstractInsnNode> news = new LinkedHashSet<>();
        for (int index = 0; index < code.size(); index++) {
            TypedFrame frame = frames[index];
            int operands = switch (code.get(index).getOpcode()) {
                case Opcodes.IFNULL, Opcodes.IFNONNULL, Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> 1;
                case Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> 2;
                default -> 0;
            };
            for (int i = 1; frame != null && i <= operands; i++) {
                addOrigin(frame.getStack(frame.getStackSize() - i), news);
            }
        }
        return news;
    }

    private static boolean isConstructorCall(MethodInsnNode call) {
        return call.getOpcode() == Opcodes.INVOKESPECIAL && call.name.equals("<init>");
    }

    private static int receiverIndex(TypedFrame frame, MethodInsnNode init) {
        return frame.getStackSize() - Type.getArgumentCount(init.desc) - 1;
    }

    /** One constructor call of a relocated {@code NEW}, with the frame before it. */
    private static final class Construction {
        private final TypedFrame frame;
        private final TypeInterpreter.Uninitialized value;
        private final int receiver;
        /** The deepest stack index holding a copy; {@link #receiver} when only the receiver is one. */
        private final int deepest;
        /** The local slot each spilled stack value is parked in, by stack index. */
        private final int[] parkedIn;

        Construction(TypedFrame frame, MethodInsnNode init, TypeInterpreter.Uninitialized value) {
            this.frame = frame;
            this.value = value;
            this.receiver = receiverIndex(frame, init);
            int copy = receiver;
            for (int i = receiver - 1; i >= 0; i--) {
                if (isCopy(frame.getStack(i))) {
                    copy = i;
                }
            }
            this.deepest = copy;
            this.parkedIn = new int[frame.getStackSize()];
        }

        private boolean isCopy(BasicValue other) {
            return value.equals(other);
        }

        /** Whether every value to park has a known type (always so in verifiable code). */
        boolean isSpillable() {
            for (int i = deepest; i < frame.getStackSize(); i++) {
                Type type = frame.getStack(i).getType();
                if (!isCopy(frame.getStack(i)) && (type == null || type.getSort() == Type.VOID)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Parks the arguments and the values between the deepest copy and the receiver (top first),
         * drops the placeholders, pushes {@code NEW C; DUP} and the arguments again.
         */
        InsnList before(MethodNode method) {
            InsnList code = new InsnList();
            for (int i = frame.getStackSize() - 1; i >= deepest; i--) {
                BasicValue parked = frame.getStack(i);
                if (i == receiver || isCopy(parked)) {
                    code.add(new InsnNode(Opcodes.POP));
                } else {
                    parkedIn[i] = newLocal(method, parked.getSize());
                    code.add(new VarInsnNode(parked.getType().getOpcode(Opcodes.ISTORE), parkedIn[i]));
                }
            }
            code.add(new TypeInsnNode(Opcodes.NEW, ((TypeInsnNode) value.origin).desc));
            code.add(new InsnNode(Opcodes.DUP));
            for (int i = receiver + 1; i < frame.getStackSize(); i++) {
                code.add(load(i));
            }
            return code;
        }

        /**
         * With the constructed object on the stack: stores it to the locals that held a copy, then
         * rebuilds the stack from the deepest copy up, the object wherever a copy was.
         */
        InsnList after(MethodNode method) {
            InsnList code = new InsnList();
            for (int slot = 0; slot < frame.getLocals(); slot++) {
                if (isCopy(frame.getLocal(slot))) {
                    code.add(new InsnNode(Opcodes.DUP));
                    code.add(new VarInsnNode(Opcodes.ASTORE, slot));
                }
            }
            if (deepest == receiver) {
                code.add(new InsnNode(Opcodes.POP));
                return code;
            }
            if (receiver - deepest > 1) {
                // the object already stands where the deepest copy was; the values above it come back
                int constructed = newLocal(method, 1);
                code.add(new InsnNode(Opcodes.DUP));
                code.add(new VarInsnNode(Opcodes.ASTORE, constructed));
                for (int i = deepest + 1; i < receiver; i++) {
                    code.add(isCopy(frame.getStack(i)) ? new VarInsnNode(Opcodes.ALOAD, constructed) : load(i));
                }
            }
            return code;
        }

        private VarInsnNode load(int stackIndex) {
            return new VarInsnNode(frame.getStack(stackIndex).getType().getOpcode(Opcodes.ILOAD), parkedIn[stackIndex]);
        }

        private static int newLocal(MethodNode method, int size) {
            int slot = method.maxLocals;
            method.maxLocals += size;
            return slot;
        }
    }
}
