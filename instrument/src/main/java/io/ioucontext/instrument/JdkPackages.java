package io.ioucontext.instrument;

import java.lang.module.ResolvedModule;
import java.util.HashSet;
import java.util.Set;

/**
 * The packages of the JDK's own modules resolved in the boot layer (those the run-time image holds):
 * no class of them ever mentions {@code @Suspendable}, and no loader can define a class in one of
 * them but the module's own, so a type named in such a package is known to declare no suspendable
 * method without reading its class file. Modules of the application resolved in the boot layer
 * ({@code --module-path}) are not the JDK's: their packages are not among these.
 */
public final class JdkPackages {

    private static final Set<String> PACKAGES = ofBootLayer();

    private JdkPackages() {
    }

    /** Whether the class of this internal name belongs to a package of the JDK's modules. */
    static boolean contains(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash > 0 && PACKAGES.contains(internalName.substring(0, slash).replace('/', '.'));
    }

    /** Whether every module of the boot layer is the JDK's: the application has none of its own there. */
    public static boolean bootLayerIsJdkOnly() {
        return ModuleLayer.boot().configuration().modules().stream().allMatch(JdkPackages::inRuntimeImage);
    }

    private static Set<String> ofBootLayer() {
        Set<String> packages = new HashSet<>();
        for (ResolvedModule module : ModuleLayer.boot().configuration().modules()) {
            if (inRuntimeImage(module)) {
                packages.addAll(module.reference().descriptor().packages());
            }
        }
        return Set.copyOf(packages);
    }

    private static boolean inRuntimeImage(ResolvedModule module) {
        return module.reference().location().map(location -> "jrt".equals(location.getScheme())).orElse(false);
    }
}
