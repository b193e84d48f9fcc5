package io.ioucontext.instrument;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Copies of woven methods that take the fiber stack as a trailing parameter, for calls between woven
 * methods of one class whose target is known without dispatch (static, private or final methods, or
 * any method of a final class). Such a call already holds the stack, so passing it spares the callee
 * the prologue's lookup of its thread's stack, the one cost a non-suspending woven method has beyond
 * its state tests (instrument/DESIGN.md, "Stack-passing copies").
 *
 * <pre>
 * before (class C, both methods woven):
 *   static long descend(int d, long acc)
 *     INVOKESTATIC FiberStack.current(); ASTORE S; ALOAD S; GETFIELD state; IFNE DISPATCH
 *     ...
 *     INVOKESTATIC C.descend(IJ)J
 *     ALOAD S; GETFIELD state; IFNE SAVE_0
 * after:
 *   static long descend(int d, long acc)                 // what every other caller enters, as before
 *     ...
 *     ALOAD S; INVOKESTATIC C.descend(IJLFiberStack;)J    // the stack in hand, passed on
 *     ALOAD S; GETFIELD state; IFNE SAVE_0
 *   private static synthetic long descend(int d, long acc, FiberStack s)
 *     ALOAD 3; ASTORE S; ALOAD S; GETFIELD state; IFNE DISPATCH
 *     ... the same woven body, the same suspension point constants ...
 * </pre>
 *
 * The copy has the method's name, so stack traces, fiber dumps and the runtime's frame checks see the
 * method the user wrote; its suspension points are the original's constants, so a frame saved by one
 * is restored by either. A class gets copies only of the methods such calls reach.
 */
final class StackPassingCopies {

    /** The JVM's limit on a method's parameter slots, the receiver included. */
    private static final int MAX_PARAMETER_SLOTS = 255;

    private final ClassNode owner;
    /** The methods that get a copy, with the copy's descriptor. */
    private final Map<MethodNode, String> copies;
    /** The copies' descriptors by the copied method's name + descriptor. */
    private final Map<String, String> byMethod = new HashMap<>();

    private StackPassingCopies(ClassNode owner, Map<MethodNode, String> copies) {
        this.owner = owner;
        this.copies = copies;
        copies.forEach((method, descriptor) -> byMethod.put(method.name + method.desc, descriptor));
    }

    /** Plans the copies the suspension points of {@code weavers} call, before any method is woven. */
    static StackPassingCopies plan(ClassNode owner, List<MethodWeaver> weavers) {
        Map<MethodNode, String> copies = new LinkedHashMap<>();
        Map<String, MethodNode> woven = new HashMap<>();
        weavers.forEach(weaver -> woven.put(weaver.method().name + weaver.method().desc, weaver.method()));
        for (MethodWeaver weaver : weavers) {
            for (MethodWeaver.Site site : weaver.sites()) {
                MethodInsnNode call = site.call().insn();
                MethodNode target = woven.get(call.name + call.desc);
                if (target != null && call.owner.equals(owner.name) && !site.call().functional()
                        && isExactCall(owner, call, target) && fitsOneMoreParameter(target)) {
                    String descriptor = copyDescriptor(target.desc);
                    if (!declares(owner, target.name, descriptor)) {
                        copies.put(target, descriptor);
                    }
                }
            }
        }
        return new StackPassingCopies(owner, copies);
    }

    /**
     * Points {@code call} (a suspension point of a woven method) at its target's copy, passing the
     * stack held in {@code stackLocal}; leaves any other call alone.
     */
    void retarget(MethodNode method, MethodInsnNode call, int stackLocal) {
        Optional<String> copy = descriptorFor(call);
        if (copy.isEmpty()) {
            return;
        }
        method.instructions.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, stackLocal));
        call.desc = copy.get();
        if (call.getOpcode() != Opcodes.INVOKESTATIC) {
            call.setOpcode(Opcodes.INVOKESPECIAL); // the copy is private: no dispatch
        }
    }

    /** The descriptor of {@code method}'s copy, if it gets one. */
    Optional<String> descriptorOf(MethodNode method) {
        return Optional.ofNullable(copies.get(method));
    }

    /** The copies, made from the woven methods; call after weaving them. */
    List<MethodNode> create() {
        return copies.entrySet().stream().map(entry -> copy(entry.getKey(), entry.getValue())).toList();
    }

    private Optional<String> descriptorFor(MethodInsnNode call) {
        return call.owner.equals(owner.name) ? Optional.ofNullable(byMethod.get(call.name + call.desc))
                : Optional.empty();
    }

    /** Whether the call reaches {@code target} itself, whatever the receiver's class. */
    private static boolean isExactCall(ClassNode owner, MethodInsnNode call, MethodNode target) {
        if (call.getOpcode() == Opcodes.INVOKESTATIC) {
            return (target.access & Opcodes.ACC_STATIC) != 0;
        }
        boolean finalTarget = (target.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0
                || (owner.access & Opcodes.ACC_FINAL) != 0;
        return (target.access & Opcodes.ACC_STATIC) == 0 && finalTarget;
    }

    private static boolean fitsOneMoreParameter(MethodNode method) {
        return parameterSlots(method) < MAX_PARAMETER_SLOTS;
    }

    /** The local slots {@code method}'s parameters take, the receiver's included. */
    private static int parameterSlots(MethodNode method) {
        return (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - ((method.access & Opcodes.ACC_STATIC) != 0 ? 1 : 0);
    }

    private static String copyDescriptor(String descriptor) {
        int close = descriptor.indexOf(')');
        return descriptor.substring(0, close) + RuntimeNames.FIBER_STACK_DESC + descriptor.substring(close);
    }

    private static boolean declares(ClassNode owner, String name, String descriptor) {
        return owner.methods.stream().anyMatch(m -> m.name.equals(name) && m.desc.equals(descriptor));
    }

    /**
     * The copy of a woven method: private and synthetic, no annotations or generic signature, the same
     * code except that the prologue takes the stack from the new parameter instead of looking it up.
     */
    private static MethodNode copy(MethodNode woven, String descriptor) {
        MethodNode copy = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | (woven.access & Opcodes.ACC_STATIC),
                woven.name, descriptor, null, woven.exceptions.toArray(String[]::new));
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn : woven.instructions) {
            if (insn instanceof LabelNode label) {
                labels.put(label, new LabelNode());
            }
        }
        for (AbstractInsnNode insn : woven.instructions) {
            copy.instructions.add(insn.clone(labels));
        }
        for (TryCatchBlockNode block : woven.tryCatchBlocks) {
            copy.tryCatchBlocks.add(new TryCatchBlockNode(labels.get(block.start), labels.get(block.end),
                    labels.get(block.handler), block.type));
        }
        if (woven.localVariables != null) {
            copy.localVariables = woven.localVariables.stream().map(local -> new LocalVariableNode(local.name,
                    local.desc, local.signature, labels.get(local.start), labels.get(local.end), local.index)).toList();
        }
        int stackParameter = parameterSlots(woven);
        copy.instructions.set(ResumeDispatch.stackLookup(copy), new VarInsnNode(Opcodes.ALOAD, stackParameter));
        copy.maxLocals = Math.max(woven.maxLocals, stackParameter + 1);
        copy.maxStack = woven.maxStack;
        return copy;
    }
}
