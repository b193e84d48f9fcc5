package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Copies of a class's woven methods that take the fiber stack as a trailing parameter, and the
 * calls that enter copies instead of methods: calls between woven methods whose target is known
 * without dispatch (static methods, and instance methods no subclass can override). Such a call
 * already holds the stack, so passing it spares the callee the prologue's lookup of its thread's
 * stack, the one cost a non-suspending woven method has beyond its state tests
 * (instrument/DESIGN.md, "Stack-passing copies").
 *
 * <pre>
 * before (class C, both methods woven; D.step woven too, in the same batch or earlier):
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
 *     ALOAD S; INVOKESTATIC D.step(JLFiberStack;)J
 *   @StackPassingCopy static long descend(int d, long acc, FiberStack s)
 *     ALOAD 3; ASTORE S; ALOAD S; GETFIELD state; IFNE DISPATCH
 *     ... the same woven body, the same suspension point constants ...
 * </pre>
 *
 * The copy has the method's name, so stack traces, fiber dumps and the runtime's frame checks see
 * the method the user wrote; its suspension points are the original's constants, so a frame saved
 * by one is restored by either.
 */
final class StackPassingCopies {

    private final ClassNode owner;
    private final CopyTargets targets;
    /** The methods that get a copy, with the copy's access flags. */
    private final Map<MethodNode, Integer> copies;
    /** Those of them not woven (their suspension points all unreachable): copied as they are. */
    private final Set<MethodNode> unwoven;
    /** The copies' access flags by the copied method's name + descriptor. */
    private final Map<String, Integer> byMethod = new HashMap<>();

    private StackPassingCopies(ClassNode owner, CopyTargets targets, Map<MethodNode, Integer> copies,
                               Set<MethodNode> unwoven) {
        this.owner = owner;
        this.targets = targets;
        this.copies = copies;
        this.unwoven = unwoven;
        copies.forEach((method, access) -> byMethod.put(method.name + method.desc, access));
    }

    /**
     * Plans the copies of the methods {@code weavers} rewrite, before any is woven: a method other
     * classes can call without dispatch gets one as visible as itself ({@link CopyTargets#getsSharedCopy});
     * another gets a private one when a call of its own class reaches it without dispatch.
     */
    static StackPassingCopies plan(ClassNode owner, ClassInfo ownerInfo, CopyTargets targets, List<MethodWeaver> weavers,
                                   List<MethodNode> siteless) {
        Map<MethodNode, Integer> copies = new LinkedHashMap<>();
        Map<String, MethodNode> woven = new HashMap<>();
        List<MethodNode> rewritten = new ArrayList<>(siteless);
        weavers.forEach(weaver -> rewritten.add(weaver.method()));
        for (MethodNode method : rewritten) {
            woven.put(method.name + method.desc, method);
            if (CopyTargets.getsSharedCopy(ownerInfo, method.name, method.desc, method.access)) {
                boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
                copies.put(method, (method.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED))
                        | (isStatic ? Opcodes.ACC_STATIC : Opcodes.ACC_FINAL));
            }
        }
        for (MethodWeaver weaver : weavers) {
            for (MethodWeaver.Site site : weaver.sites()) {
                MethodInsnNode call = site.call().insn();
                MethodNode target = woven.get(call.name + call.desc);
                if (target != null && !copies.containsKey(target) && call.owner.equals(owner.name)
                        && !site.call().functional() && isExactCall(owner, call, target.access)
                        && CopyTargets.fitsOneMoreParameter(target.desc, (target.access & Opcodes.ACC_STATIC) != 0)
                        && !ownerInfo.methods().containsKey(target.name + CopyTargets.copyDescriptor(target.desc))) {
                    copies.put(target, Opcodes.ACC_PRIVATE | (target.access & Opcodes.ACC_STATIC));
                }
            }
        }
        Set<MethodNode> unwoven = new HashSet<>(siteless);
        unwoven.retainAll(copies.keySet());
        return new StackPassingCopies(owner, targets, copies, unwoven);
    }

    boolean isEmpty() {
        return copies.isEmpty();
    }

    /** Whether a copy is visible outside the class (which changes its default serialVersionUID). */
    boolean addsVisibleMethods() {
        return copies.values().stream().anyMatch(access -> (access & Opcodes.ACC_PRIVATE) == 0);
    }

    /**
     * Makes {@code site} (a suspension point of a woven method) pass the stack held in
     * {@code stackLocal} to its target's copy, when the call needs no dispatch and the target has
     * one; leaves other calls alone.
     */
    void retarget(MethodNode method, CallSite site, int stackLocal) {
        MethodInsnNode call = site.insn();
        if (site.functional()) {
            return;
        }
        Integer access = call.owner.equals(owner.name) ? byMethod.get(call.name + call.desc) : null;
        boolean withinClass = access != null && isExactCall(owner, call, access);
        if (!withinClass && (call.owner.equals(owner.name) || !targets.hasCopy(call))) {
            return;
        }
        method.instructions.insertBefore(call, new VarInsnNode(Opcodes.ALOAD, stackLocal));
        call.desc = CopyTargets.copyDescriptor(call.desc);
        if (withinClass && call.getOpcode() != Opcodes.INVOKESTATIC && (access & Opcodes.ACC_PRIVATE) != 0) {
            call.setOpcode(Opcodes.INVOKESPECIAL); // a private copy: no dispatch
        }
    }

    /** The descriptor of {@code method}'s copy, if it gets one. */
    Optional<String> descriptorOf(MethodNode method) {
        return copies.containsKey(method) ? Optional.of(CopyTargets.copyDescriptor(method.desc)) : Optional.empty();
    }

    /** The copies, made from the woven methods; call after weaving them. */
    List<MethodNode> create() {
        return copies.entrySet().stream()
                .map(entry -> copy(entry.getKey(), entry.getValue(), !unwoven.contains(entry.getKey()))).toList();
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

    /**
     * The copy of a method: marked {@code @StackPassingCopy} (not synthetic: debuggers and coverage
     * tools skip synthetic methods), no other annotation or generic signature, the same code except
     * that the prologue of a woven method takes the stack from the new parameter instead of looking
     * it up (an unwoven method has no prologue and ignores the parameter).
     */
    private static MethodNode copy(MethodNode woven, int access, boolean hasPrologue) {
        MethodNode copy = new MethodNode(access, woven.name, CopyTargets.copyDescriptor(woven.desc), null,
                woven.exceptions.toArray(String[]::new));
        copy.invisibleAnnotations = List.of(new AnnotationNode(RuntimeNames.STACK_PASSING_COPY_DESC));
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
        int stackParameter = CopyTargets.parameterSlots(woven.desc, (woven.access & Opcodes.ACC_STATIC) != 0);
        if (hasPrologue) {
            copy.instructions.set(ResumeDispatch.stackLookup(copy), new VarInsnNode(Opcodes.ALOAD, stackParameter));
        }
        copy.maxLocals = Math.max(woven.maxLocals, stackParameter + 1);
        copy.maxStack = woven.maxStack;
        return copy;
    }
}
