package io.ioucontext.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlatformTest {
    @Test
    void linuxOnX86_64HasItsOwnResourceFolder() {
        Platform platform = Platform.of("Linux", "amd64");

        assertEquals(Platform.LINUX_X86_64, platform);
        assertEquals("io/ioucontext/natives/linux-x86_64/libiou_rustls.so", platform.resourceName("iou_rustls"));
    }

    @Test
    void thisMachineIsSupported() {
        assertEquals(Platform.LINUX_X86_64, Platform.current());
    }

    @Test
    void anUnsupportedPlatformIsNamed() {
        UnsatisfiedLinkError error = assertThrows(UnsatisfiedLinkError.class, () -> Platform.of("Mac OS X", "aarch64"));

        assertTrue(error.getMessage().contains("os.name=Mac OS X, os.arch=aarch64"), error.getMessage());
    }
}
