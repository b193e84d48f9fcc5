package io.ioucontext.instrument;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * Infers precise reference types of locals and operands (the restore blocks cast to them), with the
 * class hierarchy read from bytes, and marks the values {@code NEW} creates until their constructor
 * runs, which cannot be saved.
 */
final class TypeInterpreter extends SimpleVerifier {

    /**
     * The result of a {@code NEW} whose constructor has not run yet: every copy of it, equal to the
     * values of the same {@code NEW} instruction only (as the JVM's {@code uninitialized(offset)}).
     */
    static final class Uninitialized extends BasicValue {
        /** The {@code NEW} instruction that created the value. */
        final AbstractInsnNode origin;

        Uninitialized(Type type, AbstractInsnNode origin) {
            super(type);
            this.origin = origin;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Uninitialized value && value.origin == origin;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(origin);
        }
    }

    private final ClassHierarchy hierarchy;

    TypeInterpreter(ClassHierarchy hierarchy, Type currentClass, Type superClass, List<Type> interfaces,
                    boolean isInterface) {
        super(Opcodes.ASM9, currentClass, superClass, interfaces, isInterface);
        this.hierarchy = hierarchy;
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.NEW) {
            return new Uninitialized(Type.getObjectType(((TypeInsnNode) insn).desc), insn);
        }
        return super.newOperation(insn);
    }

    /** As the JVM's verifier: an uninitialised value merged with anything else is unusable. */
    @Override
    public BasicValue merge(BasicValue value1, BasicValue value2) {
        if ((value1 instanceof Uninitialized || value2 instanceof Uninitialized) && !value1.equals(value2)) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        return super.merge(value1, value2);
    }

    @Override
    protected boolean isInterface(Type type) {
        return type.getSort() == Type.OBJECT && hierarchy.isInterface(type.getInternalName());
    }

    @Override
    protected Type getSuperClass(Type type) {
        if (type.getSort() == Type.ARRAY) {
            return Type.getObjectType(ClassHierarchy.OBJECT);
        }
        String superName = hierarchy.superName(type.getInternalName());
        return superName == null ? null : Type.getObjectType(superName);
    }

    @Override
    protected boolean isAssignableFrom(Type type, Type other) {
        if (type.equals(other)) {
            return true;
        }
        if (type.getSort() == Type.OBJECT && type.getInternalName().equals(ClassHierarchy.OBJECT)) {
            return true;
        }
        if (type.getSort() == Type.ARRAY || other.getSort() == Type.ARRAY) {
            return type.getSort() == Type.ARRAY && other.getSort() == Type.ARRAY
                    && isArrayAssignable(type.getElementType(), other.getElementType(),
                            type.getDimensions(), other.getDimensions());
        }
        // The JVM's verifier treats interfaces like Object; so do we.
        if (isInterface(type)) {
            return true;
        }
        return hierarchy.isSubtype(other.getInternalName(), type.getInternalName());
    }

    private boolean isArrayAssignable(Type element, Type otherElement, int dims, int otherDims) {
        if (dims != otherDims) {
            return false;
        }
        if (element.getSort() != Type.OBJECT || otherElement.getSort() != Type.OBJECT) {
            return element.equals(otherElement);
        }
        return isAssignableFrom(element, otherElement);
    }

    @Override
    protected Class<?> getClass(Type type) {
        // the weaver never loads classes: only a type the hierarchy could not answer for gets here
        throw new MissingClassException(type.getInternalName());
    }
}
