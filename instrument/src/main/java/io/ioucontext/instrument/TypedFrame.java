package io.ioucontext.instrument;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * A frame that also counts the monitors held (to refuse suspension inside {@code synchronized}) and
 * turns every copy of a {@code NEW} value into an initialised value once its constructor is called.
 */
final class TypedFrame extends Frame<BasicValue> {

    /** Bounds the count so a loop entering monitors without exiting them still converges. */
    private static final int MAX_MONITORS = 64;

    private int monitors;

    TypedFrame(int numLocals, int maxStack) {
        super(numLocals, maxStack);
    }

    /** How many monitors are held before this frame's instruction runs. */
    int monitors() {
        return monitors;
    }

    @Override
    public Frame<BasicValue> init(Frame<? extends BasicValue> frame) {
        super.init(frame);
        monitors = ((TypedFrame) frame).monitors;
        return this;
    }

    @Override
    public boolean merge(Frame<? extends BasicValue> frame, Interpreter<BasicValue> interpreter)
            throws AnalyzerException {
        boolean changed = super.merge(frame, interpreter);
        int other = ((TypedFrame) frame).monitors;
        if (other > monitors) {
            monitors = other;
            changed = true;
        }
        return changed;
    }

    @Override
    public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter) throws AnalyzerException {
        BasicValue constructed = null;
        if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                && call.name.equals("<init>")) {
            constructed = getStack(getStackSize() - Type.getArgumentCount(call.desc) - 1);
        }
        super.execute(insn, interpreter);
        switch (insn.getOpcode()) {
            case Opcodes.MONITORENTER -> monitors = Math.min(monitors + 1, MAX_MONITORS);
            case Opcodes.MONITOREXIT -> monitors = Math.max(0, monitors - 1);
            default -> { }
        }
        if (constructed instanceof TypeInterpreter.Uninitialized) {
            BasicValue initialised = new BasicValue(constructed.getType());
            for (int i = 0; i < getLocals(); i++) {
                if (constructed.equals(getLocal(i))) {
                    setLocal(i, initialised);
                }
            }
            for (int i = 0; i < getStackSize(); i++) {
                if (constructed.equals(getStack(i))) {
                    setStack(i, initialised);
                }
            }
        }
    }
}
