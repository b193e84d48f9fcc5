package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.JSRInlinerAdapter;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * Rewrites the {@code @Suspendable} methods of one class file into resumable state machines, as
 * described in {@code instrument/DESIGN.md}. Thread-safe; reuse one weaver for many classes so that
 * class headers read through the {@link ClassFileSource} are read once.
 */
public final class Weaver {

    /** Condy, which suspension points use, needs class files of Java 11 or later. */
    private static final int MIN_VERSION = Opcodes.V11;

    private final ClassHierarchy hierarchy;
    private final SuspendableMethods suspendable;
    private final SuspensionPoints points;
    private final FrameAnalysis analysis;

    /**
     * @param classes where supertypes and call targets are read from; never used to load classes
     */
    public Weaver(ClassFileSource classes) {
        this.hierarchy = new ClassHierarchy(classes);
        this.suspendable = new SuspendableMethods(hierarchy);
        this.points = new SuspensionPoints(suspendable);
        this.analysis = new FrameAnalysis(hierarchy);
    }

    /**
     * Weaves one class.
     *
     * @param classFile the class file's bytes
     * @return the woven class file, or empty when the class needs no change or is already woven by
     *     this version of the weaver
     * @throws WeaveException when the class cannot be woven correctly; lists every problem found
     */
    public Optional<byte[]> weave(byte[] classFile) throws WeaveException {
        ClassNode clazz = read(classFile);
        if (RuntimeNames.DRIVERS.contains(clazz.name)) {
            return Optional.empty();
        }
        Diagnostics diagnostics = new Diagnostics(clazz);
        Optional<Integer> woven = WovenMarker.versionOf(clazz);
        if (woven.isPresent()) {
            if (woven.get() == WovenMarker.VERSION) {
                return Optional.empty();
            }
            diagnostics.report("<class>", -1, "already woven by weaving version " + woven.get()
                    + ", this weaver writes version " + WovenMarker.VERSION + "; weave the unwoven classes");
            diagnostics.throwIfAny();
        }
        hierarchy.define(ClassInfoReader.read(classFile));
        Set<MethodNode> suspendableMethods = suspendable.of(clazz);
        boolean outsideFibers = clazz.visibleAnnotations != null && clazz.visibleAnnotations.stream()
                .anyMatch(a -> a.desc.equals(RuntimeNames.OUTSIDE_FIBERS_DESC));
        List<MethodWeaver> weavers = new ArrayList<>();
        List<List<MethodWeaver.Site>> sites = new ArrayList<>();
        for (MethodNode method : clazz.methods) {
            checkNotSpecial(method, diagnostics);
            if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                continue;
            }
            List<CallSite> calls = points.of(method);
            if (calls.isEmpty()) {
                continue;
            }
            if (!suspendableMethods.contains(method) || method.name.startsWith("<")) {
                if (outsideFibers || isAnnotated(method, RuntimeNames.OUTSIDE_FIBERS_DESC)) {
                    continue;
                }
                for (CallSite call : calls) {
                    diagnostics.report(method.name, call.line(), "calls the suspendable method " + call.target()
                            + " but is not suspendable itself; annotate it with @Suspendable"
                            + " (or with @OutsideFibers if it only ever runs outside fibers)");
                }
                continue;
            }
            List<MethodWeaver.Site> methodSites = sitesOf(clazz, method, calls, diagnostics);
            if (!methodSites.isEmpty()) {
                String resumer = method.name.replace('<', '_').replace('>', '_') + RuntimeNames.RESUMER_INFIX
                        + weavers.size();
                weavers.add(new MethodWeaver(clazz, method, resumer));
                sites.add(methodSites);
            }
        }
        diagnostics.throwIfAny();
        if (weavers.isEmpty()) {
            return Optional.empty();
        }
        List<MethodNode> resumers = new ArrayList<>();
        for (int i = 0; i < weavers.size(); i++) {
            MethodWeaver weaver = weavers.get(i);
            weaver.weave(sites.get(i));
            resumers.add(weaver.resumer());
        }
        clazz.methods.addAll(resumers);
        WovenMarker.mark(clazz);
        clazz.version = Math.max(clazz.version & 0xFFFF, MIN_VERSION);
        HierarchyClassWriter writer = new HierarchyClassWriter(hierarchy);
        clazz.accept(writer);
        try {
            return Optional.of(writer.toByteArray());
        } catch (MethodTooLargeException e) {
            diagnostics.report(e.getMethodName(), -1, "the woven method would exceed the JVM's limit of 65535"
                    + " bytes of code (" + e.getCodeSize() + " bytes); split it into smaller methods");
            diagnostics.throwIfAny();
            throw new AssertionError("unreachable: a diagnostic was just reported");
        }
    }

    private static ClassNode read(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassNode clazz = new ClassNode();
        boolean mayHaveSubroutines = reader.readUnsignedShort(6) < Opcodes.V1_7;
        ClassVisitor visitor = !mayHaveSubroutines ? clazz : new ClassVisitor(Opcodes.ASM9, clazz) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new JSRInlinerAdapter(next, access, name, descriptor, signature, exceptions);
            }
        };
        reader.accept(visitor, ClassReader.SKIP_FRAMES);
        return clazz;
    }

    private static void checkNotSpecial(MethodNode method, Diagnostics diagnostics) {
        if (!method.name.startsWith("<") || !isAnnotated(method, RuntimeNames.SUSPENDABLE_DESC)) {
            return;
        }
        String what = method.name.equals("<init>") ? "a constructor" : "a static initializer";
        diagnostics.report(method.name, SourceLines.first(method), what + " cannot be suspendable");
    }

    private static boolean isAnnotated(MethodNode method, String annotation) {
        return method.visibleAnnotations != null && method.visibleAnnotations.stream()
                .map((AnnotationNode a) -> a.desc).anyMatch(annotation::equals);
    }

    /** Lays out the frames at the method's reachable suspension points, reporting what cannot be woven. */
    private List<MethodWeaver.Site> sitesOf(ClassNode clazz, MethodNode method, List<CallSite> found,
                                            Diagnostics diagnostics) {
        List<CallSite> calls = found;
        FrameAnalysis.MethodFrames analysed;
        try {
            analysed = analysis.analyse(clazz, method);
            if (NewRelocation.relocate(method, analysed.frames(), calls)) {
                calls = points.of(method);
                analysed = analysis.analyse(clazz, method);
            }
        } catch (AnalyzerException e) {
            diagnostics.report(method.name, e.node == null ? -1 : SourceLines.of(e.node),
                    "cannot analyse the method's frames: " + e.getMessage());
            return List.of();
        }
        TypedFrame[] frames = analysed.frames();
        Liveness liveness = analysed.liveness();
        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        boolean isSynchronized = (method.access & Opcodes.ACC_SYNCHRONIZED) != 0;
        List<MethodWeaver.Site> sites = new ArrayList<>();
        for (CallSite call : calls) {
            TypedFrame frame = frames[call.insnIndex()];
            if (frame == null) {
                continue;
            }
            String where = "suspension point " + call.target();
            if (isSynchronized || frame.monitors() > 0) {
                diagnostics.report(method.name, call.line(), where + " inside "
                        + (isSynchronized ? "a synchronized method" : "a synchronized block")
                        + ": a fiber must not suspend while it holds a monitor");
                continue;
            }
            if (!isStatic && !Type.getObjectType(clazz.name).equals(frame.getLocal(0).getType())) {
                diagnostics.report(method.name, call.line(), where + " while local 0 does not hold 'this'");
                continue;
            }
            int operands = Type.getArgumentCount(call.insn().desc)
                    + (call.insn().getOpcode() == Opcodes.INVOKESTATIC ? 0 : 1);
            try {
                IntPredicate needed = slot -> (slot == 0 && !isStatic)
                        || liveness.isLive(call.insnIndex(), slot);
                sites.add(new MethodWeaver.Site(call, FrameLayout.at(frame, operands, needed)));
            } catch (FrameLayout.Unsaveable e) {
                diagnostics.report(method.name, call.line(), where + ": " + e.getMessage());
            }
        }
        return sites;
    }
}
