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
 * cannot be saved, so the {@code NEW C; DUP} javac emits before the arguments moves to just before
 * the constructor call, after the arguments have been parked in fresh locals. (As with the Kotlin
 * compiler's same transformation, C's static initialiser then runs after the arguments are evaluated
 * rather than before.)
 */
final class NewRelocation {

    private NewRelocation() {
    }

    /**
     * Relocates every {@code NEW} whose value is on the operand stack at one of the given calls.
     *
     * @return whether the method changed (then it must be analysed again); false when there was
     *     nothing to move or a {@code NEW} is not followed by javac's {@code DUP}
     */
    static boolean relocate(MethodNode method, TypedFrame[] frames, Iterable<CallSite> calls) {
        Set<AbstractInsnNode> news = new LinkedHashSet<>();
        for (CallSite call : calls) {
            TypedFrame frame = frames[call.insnIndex()];
            for (int i = 0; frame != null && i < frame.getStackSize(); i++) {
                if (frame.getStack(i) instanceof TypeInterpreter.Uninitialized value) {
                    news.add(value.origin);
                }
            }
        }
        if (news.isEmpty() || !isJavacShape(news, frames)) {
            return false;
        }
        InsnList code = method.instructions;
        Map<MethodInsnNode, TypeInsnNode> constructors = new LinkedHashMap<>();
        for (int index = 0; index < code.size(); index++) {
            if (code.get(index) instanceof MethodInsnNode init && init.getOpcode() == Opcodes.INVOKESPECIAL
                    && init.name.equals("<init>") && frames[index] != null) {
                BasicValue receiver = frames[index].getStack(
                        frames[index].getStackSize() - Type.getArgumentCount(init.desc) - 1);
                if (receiver instanceof TypeInterpreter.Uninitialized value && news.contains(value.origin)) {
                    constructors.put(init, (TypeInsnNode) value.origin);
                }
            }
        }
        constructors.forEach((init, origin) -> code.insertBefore(init, recreate(method, origin, init.desc)));
        for (AbstractInsnNode origin : news) {
            code.remove(origin.getNext());
            code.remove(origin);
        }
        return true;
    }

    /**
     * Whether every uninitialised value to move lives as javac makes it live: {@code NEW} directly
     * followed by {@code DUP}, then exactly those two copies, adjacent, on the operand stack until the
     * constructor call, never in a local. Anything else (an extra copy, a copy stored away) is left
     * alone, and refused later as unsaveable.
     */
    private static boolean isJavacShape(Set<AbstractInsnNode> news, TypedFrame[] frames) {
        for (AbstractInsnNode origin : news) {
            if (origin.getNext() == null || origin.getNext().getOpcode() != Opcodes.DUP) {
                return false;
            }
        }
        for (TypedFrame frame : frames) {
            if (frame == null) {
                continue;
            }
            for (int local = 0; local < frame.getLocals(); local++) {
                if (isMoved(frame.getLocal(local), news)) {
                    return false;
                }
            }
            for (int i = 0; i < frame.getStackSize(); i++) {
                if (!isMoved(frame.getStack(i), news)) {
                    continue;
                }
                // the copy NEW pushed, alone just before the DUP, or below its DUPed twin
                BasicValue value = frame.getStack(i);
                boolean twinAbove = i + 1 < frame.getStackSize() && frame.getStack(i + 1) == value;
                boolean aloneOnTop = i + 1 == frame.getStackSize();
                if (!twinAbove && !aloneOnTop) {
                    return false;
                }
                for (int j = i + (twinAbove ? 2 : 1); j < frame.getStackSize(); j++) {
                    if (frame.getStack(j) == value) {
                        return false;
                    }
                }
                i += twinAbove ? 1 : 0;
            }
        }
        return true;
    }

    private static boolean isMoved(BasicValue value, Set<AbstractInsnNode> news) {
        return value instanceof TypeInterpreter.Uninitialized uninitialized && news.contains(uninitialized.origin);
    }

    /** Parks the constructor's arguments, pushes {@code NEW C; DUP} and the arguments again. */
    private static InsnList recreate(MethodNode method, TypeInsnNode origin, String constructor) {
        Type[] arguments = Type.getArgumentTypes(constructor);
        int[] slots = new int[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            slots[i] = method.maxLocals;
            method.maxLocals += arguments[i].getSize();
        }
        InsnList code = new InsnList();
        for (int i = arguments.length - 1; i >= 0; i--) {
            code.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        code.add(new TypeInsnNode(Opcodes.NEW, origin.desc));
        code.add(new InsnNode(Opcodes.DUP));
        for (int i = 0; i < arguments.length; i++) {
            code.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ILOAD), slots[i]));
        }
        return code;
    }
}
