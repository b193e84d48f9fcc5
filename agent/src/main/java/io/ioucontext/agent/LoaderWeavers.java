package io.ioucontext.agent;

import io.ioucontext.instrument.ClassFileSource;
import io.ioucontext.instrument.JdkPackages;
import io.ioucontext.instrument.WeaveException;
import io.ioucontext.instrument.Weaver;
import io.ioucontext.instrument.WeavingCandidates;
import io.ioucontext.instrument.classpath.ClassLoaderSource;
import io.ioucontext.instrument.classpath.CompositeSource;
import io.ioucontext.instrument.classpath.JdkSource;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * One weaver per class loader, reading the hierarchy from that loader's resources and the JDK, kept
 * as long as the loader lives: a weaver caches the class headers it reads, so one per loader reads
 * each class once. The weavers reach their loaders only weakly, so the agent never keeps a loader
 * (and its classes) from being collected. Nothing is set up before a loader's first class, so the
 * agent's start costs little. Safe for concurrent use.
 */
final class LoaderWeavers {

    private final ClassFileSource jdk = new LazyJdkSource();
    private final ResourceBytes resources = new ResourceBytes();
    private final Lazy<ClassPathIndex> systemClassPath = new Lazy<>(() -> ClassPathIndex.ofSystemClassPath(resources));
    private final Map<ClassLoader, LoaderWeaver> byLoader = new WeakHashMap<>();
    private LoaderWeaver bootstrap;

    /**
     * @param loader the loader defining the class to weave, null for the bootstrap loader
     */
    synchronized LoaderWeaver forLoader(ClassLoader loader) {
        if (loader == null) {
            if (bootstrap == null) {
                // The bootstrap loader has no object; the platform loader's resources cover it,
                // including -Xbootclasspath/a.
                ClassFileSource classes = CompositeSource.of(
                        new ClassLoaderSource(ClassLoader.getPlatformClassLoader()), jdk);
                bootstrap = new LoaderWeaver(classes, classes);
            }
            return bootstrap;
        }
        return byLoader.computeIfAbsent(loader, key -> {
            ClassFileSource classes = CompositeSource.of(new WeakLoaderSource(key, resources), jdk);
            return new LoaderWeaver(classes, readsTheSystemClassPath(key)
                    ? CompositeSource.of(systemClassPath.get()::readUnique, classes)
                    : classes);
        });
    }

    /**
     * Whether a loader is the JDK's application loader, reading the system class path only: in an
     * application of the class path alone (no module of its own in the boot layer), it finds a class
     * file named once on that path where {@link ClassPathIndex} does.
     */
    private static boolean readsTheSystemClassPath(ClassLoader loader) {
        return loader == ClassLoader.getSystemClassLoader()
                && loader.getClass().getName().equals("jdk.internal.loader.ClassLoaders$AppClassLoader")
                && JdkPackages.bootLayerIsJdkOnly();
    }

    /**
     * What the agent needs for the classes of one loader: where their hierarchy is read, the cheap
     * test that spares most classes the weaver ({@link WeavingCandidates}), and the weaver, made
     * when the first candidate comes.
     */
    static final class LoaderWeaver {
        private final ClassFileSource classes;
        private final WeavingCandidates candidates;
        private final Lazy<Weaver> weaver;

        /**
         * @param classes          the class files the loader can see, then the JDK's
         * @param candidateClasses the same class files, read the cheapest way the first test can
         */
        LoaderWeaver(ClassFileSource classes, ClassFileSource candidateClasses) {
            this.classes = classes;
            this.candidates = new WeavingCandidates(candidateClasses);
            this.weaver = new Lazy<>(() -> new Weaver(classes));
        }

        /** Where the hierarchy of the loader's classes is read. */
        ClassFileSource classes() {
            return classes;
        }

        /**
         * Weaves one class of the loader, as {@link Weaver#weave} does.
         *
         * @return the woven class file, or empty when the class needs no change
         */
        Optional<byte[]> weave(byte[] classFile) throws WeaveException {
            return candidates.mayNeedWeaving(classFile) ? weaver.get().weave(classFile) : Optional.empty();
        }
    }

    /** The resources of a loader for as long as it is alive; nothing afterwards. */
    private static final class WeakLoaderSource implements ClassFileSource {
        private final WeakReference<ClassLoader> loader;
        private final ResourceBytes resources;

        WeakLoaderSource(ClassLoader loader, ResourceBytes resources) {
            this.loader = new WeakReference<>(loader);
            this.resources = resources;
        }

        @Override
        public Optional<byte[]> read(String internalName) {
            ClassLoader alive = loader.get();
            if (alive == null) {
                return Optional.empty();
            }
            String resourceName = internalName + ".class";
            URL found = alive.getResource(resourceName);
            return found == null ? Optional.empty() : Optional.of(resources.read(found, resourceName));
        }
    }

    /**
     * The JDK's class files, opening the run-time image on the first read: the loaders find the
     * JDK's classes among their own resources, so most runs never need it.
     */
    private static final class LazyJdkSource implements ClassFileSource {
        private final Lazy<JdkSource> image = new Lazy<>(JdkSource::new);

        @Override
        public Optional<byte[]> read(String internalName) {
            return image.get().read(internalName);
        }
    }
}
