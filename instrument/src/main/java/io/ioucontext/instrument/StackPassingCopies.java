package io.ioucontext.instrument;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Copies of woven methods that take the fiber stack as a trailing parameter, and the calls that
 * enter them: calls between woven methods whose target is known without dispatch (static methods,
 * and instance methods no subclass can override). Such a call already holds the stack, so passing it
 * spares the callee the prologue's lookup of its thread's stack, the one cost a non-suspending woven
 * method has beyond its state tests (instrument/DESIGN.md, "Stack-passing copies").
 *
 * <pre>
 * before (class C, both methods woven; D another class):
 *   static long descend(int d, long acc)
 *     INVOKESTATIC FiberStack.current(); ASTORE S; ALOAD S; GETFIELD state; IFNE DISPATCH
 *     ...
 *     INVOKESTATIC C.descend(IJ)J
 *     ALOAD S; GETFIELD state; IFNE SAVE_0
 *     ...
 *     INVOKESTATIC D.step(J)J
 * after:
 *   static long descend(int d, long acc)                  // what every other caller enters, as before
 *     ...
 *     ALOAD S; INVOKESTATIC C.descend(IJLFiberStack;)J     // the stack in hand, passed on
 *     ALOAD S; GETFIELD state; IFNE SAVE_0
 *     ...
 *     ALOAD S; INVOKEDYNAMIC step(JLFiberStack;)J [StackPassingCalls.staticCall, D]
 *   static synthetic long descend(int d, long acc, FiberStack s)
 *     ALOAD 3; ASTORE S; ALOAD S; GETFIELD state; IFNE DISPATCH
 *     ... the same woven body, the same suspension point constants ...
 * </pre>
 *
 * A call to another class links, when first made, to that class's copy if it has one (the class
 * was woven and the method suspends), else to the method itself, dropping the stack. The copy has
 * the method's name, so stack traces, fiber dumps and the runtime's frame checks see the method the
 * user wrote; its suspension points are the original's constants, so a frame saved by one is
 * restored by either.
 */
final class StackPassingCopies {

    /** The JVM's limit on a method's parameter slots, the receiver included. */
    private static final int MAX_PARAMETER_SLOTS = 255;
    private static final String LINK_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/Class;)Ljava/lang/invoke/CallSite;";
    private static final Handle STATIC_CALL = new Handle(Opcodes.H_INVOKESTATIC, RuntimeNames.STACK_PASSING_CALLS,
            "staticCall", LINK_DESC, false);
    private static final Handle FINAL_CALL = new Handle(Opcodes.H_INVOKESTATIC, RuntimeNames.STACK_PASSING_CALLS,
            "finalCall", LINK_DESC, false);

    private final ClassNode owner;
    private final ClassHierarchy hierarchy;
    /** The methods that get a copy, with the copy's access flags. */
    private final Map<MethodNode, Integer> copies;
    /** The copies' access flags by the copied method's name + descriptor. */
    private final Map<String, Integer> byMethod = new HashMap<>();

    private StackPassingCopies(ClassNode owner, ClassHierarchy hierarchy, Map<MethodNode, Integer> copies) {
        this.owner = owner;
        this.hierarchy = hierarchy;
        this.copies = copies;
        copies.forEach((method, access) -> byMethod.put(method.name + method.desc, access));
    }

    /**
     * Plans the copies of the methods {@code weavers} rewrite, before any is woven: every method other
     * classes may call without dispatch gets one as visible as itself; a private one, or one only
     * overridable outside, gets a private one when a call of its own class reaches it exactly.
     */
    static StackPassingCopies plan(ClassNode owner, ClassHierarchy hierarchy, List<MethodWeaver> weavers) {
        Map<MethodNode, Integer> copies = new LinkedHashMap<>();
        Map<String, MethodNode> woven = new HashMap<>();
        for (MethodWeaver weaver : weavers) {
            MethodNode method = weaver.method();
            woven.put(method.name + method.desc, method);
            if (isCalledExactlyFromOutside(owner, method) && fitsOneMoreParameter(method)
                    && !declares(owner, method.name, copyDescriptor(method.desc))) {
                boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
                copies.put(method, (method.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) | Opcodes.ACC_SYNTHETIC
                        | (isStatic ? Opcodes.ACC_STATIC : Opcodes.ACC_FINAL));
            }
        }
        for (MethodWeaver weaver : weavers) {
            for (MethodWeaver.Site site : weaver.sites()) {
                MethodInsnNode call = site.call().insn();
                MethodNode target = woven.get(call.name + call.desc);
                if (target != null && !copies.containsKey(target) && call.owner.equals(owner.name)
                        && !site.call().functional() && isExactCall(owner, call, target.access) && fitsOneMoreParameter(target)
                        && !declares(owner, target.name, copyDescriptor(target.desc))) {
                    copies.put(target, Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | (target.access & Opcodes.ACC_STATIC));
                }
            }
        }
        return new StackPassingCopies(owner, hierarchy, copies);
    }

    /**
     * Makes {@code call} (a suspension point of a woven method) pass the stack held in
     * {@code stackLocal}: to its target's copy within the class, through a call site linked on first
     * use to another class. Leaves calls that need dispatch alone.
     */
    void retarget(MethodNode method, CallSite site, int stackLocal) {
        MethodInsnNode call = site.insn();
        if (site.functional()) {
            return;
        }
        if (call.owner.equals(owner.name)) {
            Integer access = byMethod.get(call.name + call.desc);
            if (access != null && isExactCall(owner, call, access)) {
                method.instructions.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, stackLocal));
                call.desc = copyDescriptor(call.desc);
                if (call.getOpcode() != Opcodes.INVOKESTATIC && (access & Opcodes.ACC_PRIVATE) != 0) {
                    call.setOpcode(Opcodes.INVOKESPECIAL); // a private copy: no dispatch
                }
            }
        } else if (call.getOpcode() == Opcodes.INVOKESTATIC && !RuntimeNames.DRIVERS.contains(call.owner)
                && !JdkPackages.contains(call.owner)) {
            link(method, call, copyDescriptor(call.desc), STATIC_CALL, stackLocal);
        } else if (call.getOpcode() == Opcodes.INVOKEVIRTUAL && cannotBeOverridden(call)) {
            link(method, call, "(L" + call.owner + ";" + copyDescriptor(call.desc).substring(1), FINAL_CALL, stackLocal);
        }
    }

    /** The descriptor of {@code method}'s copy, if it gets one. */
    Optional<String> descriptorOf(MethodNode method) {
        return copies.containsKey(method) ? Optional.of(copyDescriptor(method.desc)) : Optional.empty();
    }

    /** The descriptor of a copy of a method with this descriptor: the stack appended to its parameters. */
    static String copyDescriptor(String descriptor) {
        int close = descriptor.indexOf(')');
        return descriptor.substring(0, close) + RuntimeNames.FIBER_STACK_DESC + descriptor.substring(close);
    }

    /** The copies, made from the woven methods; call after weaving them. */
    List<MethodNode> create() {
        return copies.entrySet().stream().map(entry -> copy(entry.getKey(), entry.getValue())).toList();
    }

    private static void link(MethodNode method, MethodInsnNode call, String descriptor, Handle bootstrap,
                             int stackLocal) {
        method.instructions.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, stackLocal));
        method.instructions.set(call, new InvokeDynamicInsnNode(call.name, descriptor, bootstrap,
                Type.getObjectType(call.owner)));
    }

    /** Whether other classes can call {@code method} without dispatch, with access to it. */
    private static boolean isCalledExactlyFromOutside(ClassNode owner, MethodNode method) {
        if ((method.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0) {
            return false;
        }
        if ((method.access & Opcodes.ACC_STATIC) != 0) {
            return true;
        }
        // a protected instance method is reached from other packages on receivers of the caller's type
        return (method.access & Opcodes.ACC_PROTECTED) == 0 && (owner.access & Opcodes.ACC_INTERFACE) == 0
                && ((method.access & Opcodes.ACC_FINAL) != 0 || (owner.access & Opcodes.ACC_FINAL) != 0);
    }

    /** Whether a virtual call to another class's method reaches that method whatever the receiver. */
    private boolean cannotBeOverridden(MethodInsnNode call) {
        return !RuntimeNames.DRIVERS.contains(call.owner) && !JdkPackages.contains(call.owner)
                && hierarchy.info(call.owner).map(info -> {
                    ClassInfo.MethodInfo declared = info.methods().get(call.name + call.desc);
                    return declared != null && (declared.access() & Opcodes.ACC_STATIC) == 0
                            && (info.isFinal() || (declared.access() & Opcodes.ACC_FINAL) != 0);
                }).orElse(false);
    }

    /**
     * Whether a call within the class reaches a method (or copy) with these access flags itself,
     * whatever the receiver's class.
     */
    private static boolean isExactCall(ClassNode owner, MethodInsnNode call, int access) {
        if (call.getOpcode() == Opcodes.INVOKESTATIC) {
            return (access & Opcodes.ACC_STATIC) != 0;
        }
        boolean cannotBeOverridden = (access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) != 0
                || (owner.access & Opcodes.ACC_FINAL) != 0;
        return (access & Opcodes.ACC_STATIC) == 0 && cannotBeOverridden;
    }

    private static boolean fitsOneMoreParameter(MethodNode method) {
        return parameterSlots(method) < MAX_PARAMETER_SLOTS;
    }

    /** The local slots {@code method}'s parameters take, the receiver's included. */
    private static int parameterSlots(MethodNode method) {
        return (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - ((method.access & Opcodes.ACC_STATIC) != 0 ? 1 : 0);
    }

    private static boolean declares(ClassNode owner, String name, String descriptor) {
        return owner.methods.stream().anyMatch(m -> m.name.equals(name) && m.desc.equals(descriptor));
    }

    /**
     * The copy of a woven method: synthetic, no annotations or generic signature, the same code except
     * that the prologue takes the stack from the new parameter instead of looking it up.
     */
    private static MethodNode copy(MethodNode woven, int access) {
        MethodNode copy = new MethodNode(access, woven.name, copyDescriptor(woven.desc), null,
                woven.exceptions.toArray(String[]::new));
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
