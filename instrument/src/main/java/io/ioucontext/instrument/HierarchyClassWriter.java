package io.ioucontext.instrument;

import org.objectweb.asm.ClassWriter;

/** A {@link ClassWriter} computing frames from a {@link ClassHierarchy} instead of loading classes. */
final class HierarchyClassWriter extends ClassWriter {

    private final ClassHierarchy hierarchy;

    HierarchyClassWriter(ClassHierarchy hierarchy) {
        super(COMPUTE_FRAMES | COMPUTE_MAXS);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }
}
