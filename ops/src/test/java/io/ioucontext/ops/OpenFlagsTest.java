package io.ioucontext.ops;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.SPARSE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import org.junit.jupiter.api.Test;

class OpenFlagsTest {

    @Test
    void mapsStandardOptionsToOpenFlags() {
        assertEquals(OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, OpenFlags.of());
        assertEquals(OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, OpenFlags.of(READ));
        assertEquals(OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC, OpenFlags.of(READ, WRITE));
        assertEquals(OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_CLOEXEC,
                OpenFlags.of(WRITE, CREATE, TRUNCATE_EXISTING));
        assertEquals(OpenFlags.O_WRONLY | OpenFlags.O_APPEND | OpenFlags.O_CLOEXEC, OpenFlags.of(APPEND));
        assertEquals(OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_CLOEXEC,
                OpenFlags.of(WRITE, CREATE_NEW));
        assertEquals(OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC, OpenFlags.of(LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void refusesWhatOpenCannotDo() {
        assertThrows(UnsupportedOperationException.class, () -> OpenFlags.of(DELETE_ON_CLOSE));
        assertThrows(UnsupportedOperationException.class, () -> OpenFlags.of(SPARSE));
        assertThrows(UnsupportedOperationException.class, () -> OpenFlags.of(new OpenOption() { }));
    }
}
