package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Rewrites one suspendable method into a resumable state machine (see {@code instrument/DESIGN.md}):
 * prologue, a flag test after each suspension point, and per point a SAVE and a RESTORE block at
 * the end of the method, reached only when the fiber suspends or resumes.
 */
final class MethodWeaver {

    private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, RuntimeNames.SUSPENSION_POINT,
            "bootstrap", RuntimeNames.BOOTSTRAP_DESC, false);

    /** A suspension point with the layout of the frame around it. */
    record Site(CallSite call, FrameLayout layout) {
    }

    private final ClassNode owner;
    private final MethodNode method;
    private final String resumerName;
    private final List<Site> sites;

    /**
     * @param resumerName the name of the method's resumer bridge, unique in the class
     * @param sites       the method's suspension points, in instruction order
     */
    MethodWeaver(ClassNode owner, MethodNode method, String resumerName, List<Site> sites) {
        this.owner = owner;
        this.method = method;
        this.resumerName = resumerName;
        this.sites = List.copyOf(sites);
    }

    MethodNode method() {
        return method;
    }

    List<Site> sites() {
        return sites;
    }

    /**
     * The synthetic static method through which the runtime re-enters the woven method (its
     * stack-passing copy when it has one).
     */
    MethodNode resumer(StackPassingCopies copies) {
        return ResumerBridge.create(owner, method, resumerName, copies.descriptorOf(method));
    }

    /** Rewrites the method; its calls that need no dispatch pass the stack on ({@link StackPassingCopies}). */
    void weave(StackPassingCopies copies) {
        int stackLocal = method.maxLocals;
        int spillBase = stackLocal + 1;
        ResumeDispatch dispatch = new ResumeDispatch(stackLocal);
        FrameSaver saver = new FrameSaver(stackLocal);
        FrameRestorer restorer = new FrameRestorer(stackLocal);
        Type methodResult = Type.getReturnType(method.desc);
        Handle resumer = ResumerBridge.handle(owner, resumerName);
        List<List<TryCatchBlockNode>> handlers = sites.stream().map(s -> handlersAround(s.call())).toList();

        InsnList tail = new InsnList();
        List<LabelNode> restores = new ArrayList<>();
        List<TryCatchBlockNode> resultHandlers = new ArrayList<>();
        int maxSpill = 0;
        for (int i = 0; i < sites.size(); i++) {
            Site site = sites.get(i);
            Type callResult = Type.getReturnType(site.call().insn().desc);
            LabelNode save = new LabelNode();
            LabelNode continueAt = new LabelNode();
            InsnList after = dispatch.stateTest(save);
            after.add(continueAt);
            method.instructions.insert(site.call().insn(), after);
            copies.retarget(method, site.call(), stackLocal);

            tail.add(save);
            tail.add(saver.emit(site.layout(), callResult, point(resumer, i, site.call(), site.layout()), methodResult,
                    spillBase));
            LabelNode restore = new LabelNode();
            LabelNode resultStart = new LabelNode();
            LabelNode resultEnd = new LabelNode();
            restores.add(restore);
            tail.add(restore);
            tail.add(restorer.emit(site.layout(), callResult, resultStart, resultEnd, continueAt));
            for (TryCatchBlockNode handler : handlers.get(i)) {
                resultHandlers.add(new TryCatchBlockNode(resultStart, resultEnd, handler.handler, handler.type));
            }
            maxSpill = Math.max(maxSpill, site.layout().spillSize());
        }
        LabelNode dispatchLabel = new LabelNode();
        method.instructions.insert(dispatch.prologue(dispatchLabel));
        method.instructions.add(dispatch.dispatch(dispatchLabel, restores));
        method.instructions.add(tail);
        method.tryCatchBlocks.addAll(resultHandlers);
        method.maxLocals = spillBase + maxSpill;
    }

    /** The handlers covering a call, in exception-table order. */
    private List<TryCatchBlockNode> handlersAround(CallSite call) {
        int at = method.instructions.indexOf(call.insn());
        return method.tryCatchBlocks.stream()
                .filter(h -> method.instructions.indexOf(h.start) < at && at < method.instructions.indexOf(h.end))
                .toList();
    }

    private ConstantDynamic point(Handle resumer, int index, CallSite call, FrameLayout layout) {
        String file = owner.sourceFile == null ? "Unknown Source" : owner.sourceFile;
        return new ConstantDynamic("point", "L" + RuntimeNames.SUSPENSION_POINT + ";", BOOTSTRAP, resumer,
                index, owner.name, method.name + method.desc, file, call.line(), call.callee(),
                call.functional() ? 1 : 0, layout.count(FrameLayout.Kind::isPrimitive),
                layout.count(kind -> kind == FrameLayout.Kind.REF));
    }
}
