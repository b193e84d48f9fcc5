package io.ioucontext.agent;

import io.ioucontext.instrument.ClassFileSource;
import java.util.List;
import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * ASM's {@link SimpleVerifier}, answering its questions about classes from class file headers read
 * through a {@link ClassFileSource} instead of loading the classes. Like the JVM's verifier it
 * accepts any reference where an interface is expected, and it gives a class it cannot read the
 * benefit of the doubt.
 */
final class SourceVerifier extends SimpleVerifier {

    private static final Type OBJECT = Type.getObjectType("java/lang/Object");
    private static final List<String> ARRAY_SUPERTYPES = List.of(
            "java/lang/Object", "java/lang/Cloneable", "java/io/Serializable");

    private final ClassFileSource classes;
    private final Type currentClass;
    private final Type currentSuperClass;
    private final boolean currentIsInterface;

    /**
     * @param classes           where other classes' headers are read
     * @param currentClass      the class being verified
     * @param currentSuperClass its superclass
     * @param currentInterfaces the interfaces it implements
     * @param isInterface       whether it is an interface
     */
    SourceVerifier(ClassFileSource classes, Type currentClass, Type currentSuperClass, List<Type> currentInterfaces,
            boolean isInterface) {
        super(Opcodes.ASM9, currentClass, currentSuperClass, currentInterfaces, isInterface);
        this.classes = classes;
        this.currentClass = currentClass;
        this.currentSuperClass = currentSuperClass;
        this.currentIsInterface = isInterface;
    }

    @Override
    protected boolean isInterface(Type type) {
        if (type.equals(currentClass)) {
            return currentIsInterface;
        }
        return header(type).map(reader -> (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0).orElse(false);
    }

    @Override
    protected Type getSuperClass(Type type) {
        if (type.equals(currentClass)) {
            return currentSuperClass;
        }
        return header(type).map(ClassReader::getSuperName).map(Type::getObjectType).orElse(null);
    }

    @Override
    protected boolean isAssignableFrom(Type target, Type value) {
        if (target.equals(value) || target.equals(OBJECT)) {
            return true;
        }
        if (target.getSort() == Type.ARRAY || value.getSort() == Type.ARRAY) {
            return isArrayAssignableFrom(target, value);
        }
        if (isInterface(target) || header(target).isEmpty()) {
            return true;
        }
        for (Type type = value; type != null; type = getSuperClass(type)) {
            if (type.equals(target)) {
                return true;
            }
            if (!type.equals(currentClass) && header(type).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private boolean isArrayAssignableFrom(Type target, Type value) {
        if (target.getSort() != Type.ARRAY) {
            return ARRAY_SUPERTYPES.contains(target.getInternalName());
        }
        if (value.getSort() != Type.ARRAY) {
            return false;
        }
        Type targetElement = Type.getType(target.getDescriptor().substring(1));
        Type valueElement = Type.getType(value.getDescriptor().substring(1));
        boolean references = isReference(targetElement) && isReference(valueElement);
        return references ? isAssignableFrom(targetElement, valueElement) : targetElement.equals(valueElement);
    }

    private static boolean isReference(Type type) {
        return type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY;
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new UnsupportedOperationException("the agent never loads a class to verify another: " + type);
    }

    private Optional<ClassReader> header(Type type) {
        return type.getSort() == Type.OBJECT ? classes.read(type.getInternalName()).map(ClassReader::new) : Optional.empty();
    }
}
