package io.ioucontext.instrument;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;

/**
 * What a class file's constant pool says about it, read without parsing its members or code:
 * {@link ClassReader}'s constructor only finds where each constant pool entry starts.
 */
final class ConstantPoolScan {

    /** Constant pool tags, as in the JVM specification, section 4.4. */
    private static final int UTF8 = 1;
    private static final int METHODREF = 10;
    private static final int INTERFACE_METHODREF = 11;
    private static final int INVOKE_DYNAMIC = 18;

    private final ClassReader reader;
    private final char[] buffer;

    /**
     * @throws RuntimeException when the bytes are no class file ASM can read
     */
    ConstantPoolScan(byte[] classFile) {
        this.reader = new ClassReader(classFile);
        this.buffer = new char[reader.getMaxStringLength()];
    }

    /** The class's name, supertypes, and whether it mentions {@code @Suspendable}. */
    ClassFileHeader header() {
        String[] interfaces = reader.getInterfaces();
        return new ClassFileHeader(reader.getClassName(), reader.getSuperName(), List.of(interfaces),
                hasUtf8(RuntimeNames.SUSPENDABLE_DESC));
    }

    /**
     * Whether a {@code CONSTANT_Utf8} entry is exactly {@code ascii}. Every annotation, descriptor
     * and name the class file uses is such an entry.
     *
     * @param ascii a string of ASCII characters only, whose modified UTF-8 form is its characters
     */
    boolean hasUtf8(String ascii) {
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset != 0 && reader.readByte(offset - 1) == UTF8 && equalsAscii(offset, ascii)) {
                return true;
            }
        }
        return false;
    }

    private boolean equalsAscii(int offset, String ascii) {
        if (reader.readUnsignedShort(offset) != ascii.length()) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (reader.readByte(offset + 2 + k) != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a method reference names {@code <init>} or {@code <clinit>}, which never suspend. */
    private boolean namesInitialiser(int methodref) {
        int nameAndType = reader.getItem(reader.readUnsignedShort(methodref + 2));
        int name = reader.getItem(reader.readUnsignedShort(nameAndType));
        return reader.readUnsignedShort(name) > 0 && reader.readByte(name + 2) == '<';
    }

    /**
     * The types whose methods the class may call: the owners of its method references (every
     * {@code invoke*} instruction and method handle constant names one) other than initialisers,
     * and the object types its {@code invokedynamic}s produce (a lambda's functional interface).
     * Arrays are left out.
     */
    Set<String> invokedTypes() {
        Set<String> types = new HashSet<>();
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            int tag = offset == 0 ? 0 : reader.readByte(offset - 1);
            if ((tag == METHODREF || tag == INTERFACE_METHODREF) && !namesInitialiser(offset)) {
                String owner = reader.readClass(offset, buffer);
                if (!owner.startsWith("[")) {
                    types.add(owner);
                }
            } else if (tag == INVOKE_DYNAMIC) {
                int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                String descriptor = reader.readUTF8(nameAndType + 2, buffer);
                int returned = descriptor.indexOf(')') + 1;
                if (descriptor.charAt(returned) == 'L') {
                    types.add(descriptor.substring(returned + 1, descriptor.length() - 1));
                }
            }
        }
        return types;
    }
}
