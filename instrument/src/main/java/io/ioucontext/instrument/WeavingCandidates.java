package io.ioucontext.instrument;

/**
 * A cheap first test of a class file, before the {@link Weaver}: it proves from the constant pools
 * of the class and of its hierarchy, without parsing any code, that most classes of an application
 * need no weaving, so that a load-time weaver can leave them alone at little cost.
 *
 * <p>The weaver changes or refuses a class only for a suspension point (a call of a suspendable
 * method or a fiber primitive), a lambda of a suspendable functional interface, a
 * {@code @Suspendable} constructor or initialiser, or a {@code @Woven} marker. So a class is a
 * candidate when it mentions {@code @Suspendable} or {@code @Woven}, when a type it calls a method
 * of or makes a lambda of may declare a suspendable method ({@link SuspendableSupertypes}), and, so
 * that every class whose methods may be suspendable is known to the weaver's later lookups, when
 * one of its own supertypes may. Every class the weaver would change or refuse is a candidate;
 * a class file this test cannot read is one too. The test is by type, not by method: calling a
 * plain method of a type that declares suspendable ones makes a candidate the weaver then leaves
 * alone.
 *
 * <p>Use one instance per {@link ClassFileSource} (per class loader), like the weaver, and give it
 * every class of that loader as it is loaded: it remembers their headers, so that a class already
 * seen is never read again from the source (reading class files through a class loader is what
 * costs most). Safe for concurrent use.
 */
public final class WeavingCandidates {

    private final SuspendableSupertypes supertypes;

    /**
     * @param classes where the hierarchy is read, the same source the weaver reads
     */
    public WeavingCandidates(ClassFileSource classes) {
        this.supertypes = new SuspendableSupertypes(classes);
    }

    /**
     * @param classFile the bytes of the class about to be given to the weaver
     * @return false only when {@link Weaver#weave} would return empty without a diagnostic
     */
    public boolean mayNeedWeaving(byte[] classFile) {
        try {
            ConstantPoolScan scan = new ConstantPoolScan(classFile);
            ClassFileHeader header = scan.header();
            boolean candidate = header.mentionsSuspendable() || scan.hasUtf8(RuntimeNames.WOVEN_DESC)
                    || supertypes.anyDeclares(header) || callsIntoSuspendableTypes(scan, header.name());
            supertypes.define(header);
            return candidate;
        } catch (RuntimeException unreadable) {
            return true; // the weaver reads it again and reports what is wrong
        }
    }

    private boolean callsIntoSuspendableTypes(ConstantPoolScan scan, String self) {
        for (String type : scan.invokedTypes()) {
            // calls of its own methods: settled by its header, above
            if (!type.equals(self) && supertypes.anyDeclares(type)) {
                return true;
            }
        }
        return false;
    }
}
