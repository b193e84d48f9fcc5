package io.ioucontext.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RustlsTest {
    private final CargoCrate crate = CargoCrate.underTest();

    @Test
    void versionNamesThisCrateAndTheRustlsItLocks() throws IOException {
        String expected = "iou_rustls " + crate.version() + " (rustls " + crate.lockedVersion("rustls") + ")";

        assertEquals(expected, Rustls.version());
    }

    @Test
    void theLibraryIsBuiltOnRustls020() throws IOException {
        assertTrue(crate.lockedVersion("rustls").startsWith("0.20."), crate.lockedVersion("rustls"));
        assertTrue(Rustls.version().contains("(rustls 0.20."), Rustls.version());
    }
}
