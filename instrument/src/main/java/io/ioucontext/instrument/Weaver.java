package io.ioucontext.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

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
    private final SiteLayouts layouts;
    private final CopyTargets copyTargets;

    /**
     * A weaver for classes that may run with classes woven elsewhere or not at all: calls to other
     * classes enter stack-passing copies only in classes already woven by this weaving version.
     *
     * @param classes where supertypes and call targets are read from; never used to load classes
     */
    public Weaver(ClassFileSource classes) {
        this(classes, name -> false);
    }

    /**
     * A weaver for a batch of classes woven together, such as a build's output directory: calls
     * between them enter each other's stack-passing copies, which the weaver predicts from their
     * unwoven class files. Every class of the batch must be woven by this weaving version before any
     * of them runs (a class of the batch left unwoven fails such calls with {@code NoSuchMethodError}).
     *
     * @param classes       where supertypes and call targets are read from; never used to load classes
     * @param wovenTogether whether a class (internal name) belongs to the batch
     */
    public Weaver(ClassFileSource classes, Predicate<String> wovenTogether) {
        this.hierarchy = new ClassHierarchy(classes);
        this.suspendable = new SuspendableMethods(hierarchy);
        this.points = new SuspensionPoints(suspendable);
        this.layouts = new SiteLayouts(points, new FrameAnalysis(hierarchy));
        this.copyTargets = new CopyTargets(hierarchy, new WovenMethods(hierarchy, suspendable, points), wovenTogether);
    }

    /**
     * Weaves one class.
     *
     * @param classFile the class file's bytes
     * @return the woven class file, or empty when the class needs no change (no suspension point in a
     *     suspendable method, no lambda of a suspendable functional interface) or is already woven
     *     by this version of the weaver (and its lambdas linked)
     * @throws WeaveException when the class cannot be woven correctly; lists every problem found
     */
    public Optional<byte[]> weave(byte[] classFile) throws WeaveException {
        ClassNode clazz = ClassFiles.read(classFile);
        if (RuntimeNames.DRIVERS.contains(clazz.name)) {
            return Optional.empty();
        }
        ClassInfo info = ClassInfoReader.read(classFile);
        boolean woven = isWovenByThisVersion(clazz, info);
        hierarchy.define(info);
        Diagnostics diagnostics = new Diagnostics(clazz);
        if (woven) {
            // this weaving version once left lambdas to LambdaMetafactory: relinking them is idempotent,
            // so a class woven by such a build (an incremental build's stale output) is brought up to date
            return LambdaRelinking.relink(clazz, suspendable) ? Optional.of(write(clazz, diagnostics)) : Optional.empty();
        }
        Plan plan = plan(clazz, diagnostics);
        diagnostics.throwIfAny();
        List<MethodWeaver> weavers = plan.weavers();
        boolean relinked = LambdaRelinking.relink(clazz, suspendable);
        StackPassingCopies copies = StackPassingCopies.plan(clazz, info, copyTargets,
                weavers, plan.siteless());
        if (weavers.isEmpty() && !relinked && copies.isEmpty()) {
            return Optional.empty();
        }
        for (MethodWeaver weaver : weavers) {
            weaver.weave(copies);
            clazz.methods.add(weaver.resumer(copies));
        }
        clazz.methods.addAll(copies.create());
        if (copies.addsVisibleMethods()) {
            SerialVersionUids.keepDefault(clazz, classFile, hierarchy);
        }
        if (!weavers.isEmpty()) {
            clazz.version = Math.max(clazz.version & 0xFFFF, MIN_VERSION);
        }
        WovenMarker.mark(clazz);
        return Optional.of(write(clazz, diagnostics));
    }

    /** @throws WeaveException when the class was woven by another weaving version */
    private static boolean isWovenByThisVersion(ClassNode clazz, ClassInfo info) throws WeaveException {
        Optional<Integer> woven = info.wovenVersion();
        if (woven.isEmpty() || woven.get() == WovenMarker.VERSION) {
            return woven.isPresent();
        }
        Diagnostics diagnostics = new Diagnostics(clazz);
        diagnostics.report("<class>", -1, "already woven by weaving version " + woven.get()
                + ", this weaver writes version " + WovenMarker.VERSION + "; weave the unwoven classes");
        diagnostics.throwIfAny();
        return false;
    }

    /**
     * What weaving a class rewrites.
     *
     * @param weavers  one per method to rewrite
     * @param siteless methods the rule rewrites whose suspension points are all unreachable (bytecode
     *                 javac does not emit): nothing to weave, but callers predicted their copies
     */
    private record Plan(List<MethodWeaver> weavers, List<MethodNode> siteless) {
    }

    /** What to rewrite; everything that stands in the way goes to {@code diagnostics}. */
    private Plan plan(ClassNode clazz, Diagnostics diagnostics) {
        Set<MethodNode> suspendableMethods = suspendable.of(clazz);
        Set<MethodNode> deadLambdas = DeadLambdaBodies.of(clazz);
        boolean classOutsideFibers = clazz.visibleAnnotations != null && clazz.visibleAnnotations.stream()
                .anyMatch(a -> a.desc.equals(RuntimeNames.OUTSIDE_FIBERS_DESC));
        List<MethodWeaver> weavers = new ArrayList<>();
        List<MethodNode> siteless = new ArrayList<>();
        for (MethodNode method : clazz.methods) {
            checkNotSpecial(method, diagnostics);
            if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                continue;
            }
            List<CallSite> calls = points.of(method);
            if (calls.isEmpty()) {
                continue;
            }
            if (!WovenMethods.isRewritten(method, suspendableMethods, calls)) {
                if (!classOutsideFibers && !isAnnotated(method, RuntimeNames.OUTSIDE_FIBERS_DESC)
                        && !deadLambdas.contains(method)) {
                    reportUnsuspendableCaller(method, calls, diagnostics);
                }
                continue;
            }
            List<MethodWeaver.Site> sites = layouts.of(clazz, method, calls, diagnostics);
            if (!sites.isEmpty()) {
                String resumer = method.name.replace('<', '_').replace('>', '_') + RuntimeNames.RESUMER_INFIX
                        + weavers.size();
                weavers.add(new MethodWeaver(clazz, method, resumer, sites));
            } else {
                siteless.add(method);
            }
        }
        return new Plan(weavers, siteless);
    }

    private static void reportUnsuspendableCaller(MethodNode method, List<CallSite> calls, Diagnostics diagnostics) {
        String advice = switch (method.name) {
            // neither can be made suspendable: the call itself has to go
            case "<init>" -> " from a constructor, which cannot suspend; move the call out of the constructor"
                    + " (e.g. into a @Suspendable factory method that passes its result to the constructor)";
            case "<clinit>" -> " from a static initializer, which cannot suspend; move the call out of the static"
                    + " initializer";
            default -> " but is not suspendable itself; annotate it with @Suspendable"
                    + " (or with @OutsideFibers if it only ever runs outside fibers)";
        };
        for (CallSite call : calls) {
            diagnostics.report(method.name, call.line(), "calls the suspendable method " + call.target() + advice);
        }
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

    /** Writes the woven class, recomputing its frames from the class hierarchy. */
    private byte[] write(ClassNode clazz, Diagnostics diagnostics) throws WeaveException {
        HierarchyClassWriter writer = new HierarchyClassWriter(hierarchy);
        clazz.accept(writer);
        try {
            return writer.toByteArray();
        } catch (MethodTooLargeException e) {
            diagnostics.report(e.getMethodName(), -1, "the woven method would exceed the JVM's limit of 65535"
                    + " bytes of code (" + e.getCodeSize() + " bytes); split it into smaller methods");
            diagnostics.throwIfAny();
            throw new AssertionError("unreachable: a diagnostic was just reported");
        }
    }
}
