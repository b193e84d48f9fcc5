package io.ioucontext.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JdkPackagesTest {

    @Test
    void namesThePackagesOfTheJdksModules() {
        assertTrue(JdkPackages.contains("java/util/List"));
        assertTrue(JdkPackages.contains("javax/net/ssl/SSLEngine"));
        assertTrue(JdkPackages.contains("jdk/internal/misc/Unsafe"));
        assertTrue(JdkPackages.contains("sun/nio/ch/Net"));
        assertTrue(JdkPackages.contains("java/util/concurrent/NotInTheJdk"), "by package: only the JDK can define it");
    }

    @Test
    void leavesOutEveryOtherPackage() {
        assertFalse(JdkPackages.contains(RuntimeNames.FIBER));
        assertFalse(JdkPackages.contains("io/ioucontext/instrument/Weaver"));
        assertFalse(JdkPackages.contains("TopLevel"), "the unnamed package");
        assertFalse(JdkPackages.contains("javax/servlet/Servlet"), "outside the JDK, though named javax");
    }
}
