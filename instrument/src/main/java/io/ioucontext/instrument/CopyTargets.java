package io.ioucontext.instrument;

import java.util.function.Predicate;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * Which methods have a stack-passing copy that other classes call (instrument/DESIGN.md,
 * "Stack-passing copies"): the rule the weaver gives copies by, and, for a call to another class,
 * whether the callee has one, read from its class file when it was woven by this weaving version,
 * predicted from it when it is woven in the same batch. Thread-safe.
 */
final class CopyTargets {

    /** The JVM's limit on a method's parameter slots, the receiver included. */
    private static final int MAX_PARAMETER_SLOTS = 255;

    private final ClassHierarchy hierarchy;
    private final WovenMethods woven;
    private final Predicate<String> wovenTogether;

    CopyTargets(ClassHierarchy hierarchy, WovenMethods woven, Predicate<String> wovenTogether) {
        this.hierarchy = hierarchy;
        this.woven = woven;
        this.wovenTogether = wovenTogether;
    }

    /**
     * Whether a rewritten method gets a copy other classes call: static and not private, or an
     * instance method (public or package-private, of a class) that no subclass can override; not
     * synthetic, with a parameter slot to spare and no method of the copy's name and descriptor.
     * A protected instance method is left out: other packages reach it only on their own subclasses.
     */
    static boolean getsSharedCopy(ClassInfo owner, String name, String descriptor, int access) {
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        if ((access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0
                || !fitsOneMoreParameter(descriptor, isStatic)
                || owner.methods().containsKey(name + copyDescriptor(descriptor))) {
            return false;
        }
        return isStatic || (access & Opcodes.ACC_PROTECTED) == 0 && !owner.isInterface()
                && ((access & Opcodes.ACC_FINAL) != 0 || owner.isFinal());
    }

    /** Whether a call of another class's method can enter that method's copy instead. */
    boolean hasCopy(MethodInsnNode call) {
        if (RuntimeNames.DRIVERS.contains(call.owner) || JdkPackages.contains(call.owner)
                || call.getOpcode() != Opcodes.INVOKESTATIC && call.getOpcode() != Opcodes.INVOKEVIRTUAL) {
            return false;
        }
        return hierarchy.info(call.owner).map(info -> {
            ClassInfo.MethodInfo declared = info.methods().get(call.name + call.desc);
            boolean isStatic = call.getOpcode() == Opcodes.INVOKESTATIC;
            if (declared == null || ((declared.access() & Opcodes.ACC_STATIC) != 0) != isStatic) {
                return false; // inherited, or a call the JVM would refuse
            }
            if (info.wovenVersion().isPresent()) {
                ClassInfo.MethodInfo copy = info.methods().get(call.name + copyDescriptor(call.desc));
                return info.wovenVersion().get() == WovenMarker.VERSION && copy != null && copy.stackPassingCopy()
                        && (copy.access() & Opcodes.ACC_PRIVATE) == 0
                        && (isStatic || (copy.access() & Opcodes.ACC_FINAL) != 0 || info.isFinal());
            }
            return wovenTogether.test(call.owner) && getsSharedCopy(info, call.name, call.desc, declared.access())
                    && woven.of(call.owner).contains(call.name + call.desc);
        }).orElse(false);
    }

    /** The descriptor of a copy of a method with this descriptor: the stack appended to its parameters. */
    static String copyDescriptor(String descriptor) {
        int close = descriptor.indexOf(')');
        return descriptor.substring(0, close) + RuntimeNames.FIBER_STACK_DESC + descriptor.substring(close);
    }

    /** Whether a method with this descriptor leaves a parameter slot for the stack. */
    static boolean fitsOneMoreParameter(String descriptor, boolean isStatic) {
        return parameterSlots(descriptor, isStatic) < MAX_PARAMETER_SLOTS;
    }

    /** The local slots the parameters take, the receiver's included. */
    static int parameterSlots(String descriptor, boolean isStatic) {
        return (Type.getArgumentsAndReturnSizes(descriptor) >> 2) - (isStatic ? 1 : 0);
    }
}
