package io.ioucontext.agent;

import io.ioucontext.instrument.ClassFileSource;
import io.ioucontext.instrument.Weaver;
import io.ioucontext.instrument.classpath.ClassLoaderSource;
import io.ioucontext.instrument.classpath.CompositeSource;
import io.ioucontext.instrument.classpath.JdkSource;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * One weaver per class loader, reading the hierarchy from that loader's resources and the JDK, kept
 * as long as the loader lives: a weaver caches the class headers it reads, so one per loader reads
 * each class once. The weavers reach their loaders only weakly, so the agent never keeps a loader
 * (and its classes) from being collected. Safe for concurrent use.
 */
final class LoaderWeavers {

    /**
     * What the agent needs for the classes of one loader.
     *
     * @param classes the class files the loader can see, then the JDK's
     * @param weaver  a weaver reading its hierarchy from {@code classes}
     */
    record LoaderWeaver(ClassFileSource classes, Weaver weaver) {
        LoaderWeaver(ClassFileSource classes) {
            this(classes, new Weaver(classes));
        }
    }

    private final JdkSource jdk = new JdkSource();
    private final Map<ClassLoader, LoaderWeaver> byLoader = new WeakHashMap<>();
    private final LoaderWeaver bootstrap;

    LoaderWeavers() {
        // The bootstrap loader has no object; the platform loader's resources cover it, including
        // -Xbootclasspath/a.
        bootstrap = new LoaderWeaver(CompositeSource.of(new ClassLoaderSource(ClassLoader.getPlatformClassLoader()), jdk));
    }

    /**
     * @param loader the loader defining the class to weave, null for the bootstrap loader
     */
    synchronized LoaderWeaver forLoader(ClassLoader loader) {
        if (loader == null) {
            return bootstrap;
        }
        return byLoader.computeIfAbsent(loader,
                key -> new LoaderWeaver(CompositeSource.of(new WeakLoaderSource(key), jdk)));
    }

    /** The resources of a loader for as long as it is alive; nothing afterwards. */
    private static final class WeakLoaderSource implements ClassFileSource {
        private final WeakReference<ClassLoader> loader;

        WeakLoaderSource(ClassLoader loader) {
            this.loader = new WeakReference<>(loader);
        }

        @Override
        public Optional<byte[]> read(String internalName) {
            ClassLoader alive = loader.get();
            return alive == null ? Optional.empty() : new ClassLoaderSource(alive).read(internalName);
        }
    }
}
