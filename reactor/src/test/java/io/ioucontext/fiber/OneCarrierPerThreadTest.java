package io.ioucontext.fiber;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The thread that initialises the carrier cache gets one carrier, like every other thread. */
class OneCarrierPerThreadTest {

    @Test
    void theInitialisingThreadKeepsItsCarrierWhenAnotherThreadTakesTheCacheOver()
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OneCarrierPerThread.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        assertEquals("same", output.strip());
    }
}
