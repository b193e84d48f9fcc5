package io.ioucontext.agent;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.agenttest.Parker;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class LoaderWeaversTest {

    private final LoaderWeavers weavers = new LoaderWeavers();

    private static byte[] classFileOf(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void oneWeaverPerLoader() {
        ClassLoader loader = LoaderWeaversTest.class.getClassLoader();
        ClassLoader other = new URLClassLoader(new URL[0], loader);

        assertSame(weavers.forLoader(loader), weavers.forLoader(loader));
        assertNotSame(weavers.forLoader(loader), weavers.forLoader(other));
        assertSame(weavers.forLoader(null), weavers.forLoader(null));
    }

    @Test
    void aLoaderTheAgentWeavedForCanStillBeCollected() throws Exception {
        WeakReference<ClassLoader> collected = weaveWithAThrowawayLoader();

        // Collection is only requested, not forced: ask until it happens; a leak never lets it.
        for (int attempt = 0; attempt < 100 && collected.get() != null; attempt++) {
            System.gc();
            Thread.sleep(10);
        }

        assertNull(collected.get(), "the loader is still reachable");
    }

    private WeakReference<ClassLoader> weaveWithAThrowawayLoader() throws Exception {
        URL classes = Parker.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader throwaway = new URLClassLoader(new URL[] {classes}, LoaderWeaversTest.class.getClassLoader());
        assertTrue(weavers.forLoader(throwaway).weave(classFileOf(Parker.class)).isPresent());
        return new WeakReference<>(throwaway);
    }
}
