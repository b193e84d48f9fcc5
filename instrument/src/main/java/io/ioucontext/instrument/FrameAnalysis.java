package io.ioucontext.instrument;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The types of locals and operands, the monitors held and the live locals before each instruction
 * of a method.
 */
final class FrameAnalysis {

    /**
     * The analysis of one method.
     *
     * @param frames   one frame per instruction, null where the instruction is unreachable
     * @param liveness which locals are live before each instruction
     */
    record MethodFrames(TypedFrame[] frames, Liveness liveness) {
    }

    private final ClassHierarchy hierarchy;

    FrameAnalysis(ClassHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    MethodFrames analyse(ClassNode owner, MethodNode method) throws AnalyzerException {
        List<List<Integer>> successors = Liveness.emptyGraph(method.instructions.size());
        List<Type> interfaces = owner.interfaces.stream().map(Type::getObjectType).toList();
        TypeInterpreter interpreter = new TypeInterpreter(hierarchy, Type.getObjectType(owner.name),
                owner.superName == null ? null : Type.getObjectType(owner.superName), interfaces,
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
        Analyzer<BasicValue> analyzer = new Analyzer<>(interpreter) {
            @Override
            protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
                return new TypedFrame(numLocals, numStack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
                TypedFrame copy = new TypedFrame(frame.getLocals(), frame.getMaxStackSize());
                copy.init(frame);
                return copy;
            }

            @Override
            protected void newControlFlowEdge(int insnIndex, int successorIndex) {
                successors.get(insnIndex).add(successorIndex);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insnIndex, int successorIndex) {
                successors.get(insnIndex).add(successorIndex);
                return true;
            }
        };
        Frame<BasicValue>[] frames = analyzer.analyze(owner.name, method);
        TypedFrame[] typed = new TypedFrame[frames.length];
        for (int i = 0; i < frames.length; i++) {
            typed[i] = (TypedFrame) frames[i];
        }
        return new MethodFrames(typed, Liveness.of(method.instructions, successors));
    }
}
