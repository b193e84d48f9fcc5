package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Reads a {@link ClassInfo} from class bytes: headers, annotations, bridge and accessor targets only. */
final class ClassInfoReader extends ClassVisitor {

    /** What javac names the static methods through which nested classes reach members they may not call directly. */
    private static final String ACCESSOR_PREFIX = "access$";
    private static final int ACCESSOR_FLAGS = Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC;

    private String name;
    private String superName;
    private List<String> interfaces;
    private boolean isInterface;
    private boolean isFinal;
    private Optional<Integer> wovenVersion = Optional.empty();
    private boolean suspendableType;
    private final Map<String, ClassInfo.MethodInfo> methods = new HashMap<>();

    private ClassInfoReader() {
        super(Opcodes.ASM9);
    }

    static ClassInfo read(byte[] classFile) {
        ClassInfoReader reader = new ClassInfoReader();
        new ClassReader(classFile).accept(reader, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassInfo(reader.name, reader.superName, reader.interfaces, reader.isInterface, reader.isFinal,
                reader.wovenVersion, reader.suspendableType, Map.copyOf(reader.methods));
    }

    @Override
    public void visit(int version, int access, String className, String signature, String superClass,
                      String[] superInterfaces) {
        name = className;
        superName = superClass;
        interfaces = superInterfaces == null ? List.of() : List.of(superInterfaces);
        isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
        isFinal = (access & Opcodes.ACC_FINAL) != 0;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        if (RuntimeNames.SUSPENDABLE_DESC.equals(descriptor)) {
            suspendableType = true;
        }
        if (RuntimeNames.WOVEN_DESC.equals(descriptor)) {
            wovenVersion = Optional.of(0);  // a marker without a version counts as version 0
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String name, Object value) {
                    if (name.equals("version") && value instanceof Integer version) {
                        wovenVersion = Optional.of(version);
                    }
                }
            };
        }
        return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String methodName, String descriptor, String signature,
                                     String[] exceptions) {
        String key = methodName + descriptor;
        boolean accessor = (access & ACCESSOR_FLAGS) == ACCESSOR_FLAGS && methodName.startsWith(ACCESSOR_PREFIX);
        return new MethodVisitor(Opcodes.ASM9) {
            private boolean annotated;
            private boolean stackPassingCopy;
            private final List<String> calls = new ArrayList<>();
            private Optional<ClassInfo.Call> accessed = Optional.empty();

            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                annotated |= RuntimeNames.SUSPENDABLE_DESC.equals(annotation);
                stackPassingCopy |= RuntimeNames.STACK_PASSING_COPY_DESC.equals(annotation);
                return null;
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String callee, String calleeDesc,
                                        boolean itf) {
                if ((access & Opcodes.ACC_BRIDGE) != 0 && callee.equals(methodName)) {
                    calls.add(callee + calleeDesc);
                }
                if (accessor && accessed.isEmpty()) {
                    accessed = Optional.of(new ClassInfo.Call(owner, callee + calleeDesc));
                }
            }

            @Override
            public void visitEnd() {
                Optional<String> target = calls.isEmpty() ? Optional.empty() : Optional.of(calls.getFirst());
                methods.put(key, new ClassInfo.MethodInfo(access, annotated, stackPassingCopy, target, accessed));
            }
        };
    }
}
