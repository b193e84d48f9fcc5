package io.ioucontext.instrument;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.SerialVersionUIDAdder;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;

/**
 * Keeps a serializable class's default {@code serialVersionUID} when weaving adds methods visible
 * outside it (stack-passing copies), which the default is computed from: the class gets the field,
 * set to the default of its unwoven self, so woven and unwoven builds read each other's objects.
 */
final class SerialVersionUids {

    private static final String FIELD = "serialVersionUID";
    private static final String SERIALIZABLE = "java/io/Serializable";

    private SerialVersionUids() {
    }

    /**
     * Adds {@code serialVersionUID} to {@code clazz} unless it declares one or is not serializable (or
     * is an enum, a record or an interface, whose default is not computed from their members).
     *
     * @param unwovenClassFile the class as compiled, which the default is computed from
     */
    static void keepDefault(ClassNode clazz, byte[] unwovenClassFile, ClassHierarchy hierarchy) {
        boolean computed = (clazz.access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ENUM)) == 0
                && !"java/lang/Record".equals(clazz.superName);
        if (!computed || clazz.fields.stream().anyMatch(field -> field.name.equals(FIELD)) || !isSerializable(clazz, hierarchy)) {
            return;
        }
        ClassNode withDefault = new ClassNode();
        new ClassReader(unwovenClassFile).accept(new SerialVersionUIDAdder(withDefault),
                ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        FieldNode field = withDefault.fields.stream().filter(f -> f.name.equals(FIELD)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no default serialVersionUID computed for " + clazz.name));
        clazz.fields.add(new FieldNode(field.access, FIELD, field.desc, null, field.value));
    }

    /** A class whose supertypes cannot all be read counts as serializable: the field is harmless. */
    private static boolean isSerializable(ClassNode clazz, ClassHierarchy hierarchy) {
        try {
            return hierarchy.isSubtype(clazz.name, SERIALIZABLE);
        } catch (MissingClassException e) {
            return true;
        }
    }
}
