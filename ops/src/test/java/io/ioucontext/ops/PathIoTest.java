package io.ioucontext.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ioucontext.fiber.OutsideFibers;
import io.ioucontext.reactor.ClosesReactor;
import io.ioucontext.reactor.Errno;
import io.ioucontext.reactor.Reactor;
import io.ioucontext.reactor.UringException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link PathIo} on a real directory tree, checked through java.nio, outside fibers. */
@OutsideFibers
@ExtendWith(ClosesReactor.class)
class PathIoTest {

    @TempDir
    Path dir;

    @Test
    void statxFieldsMatchTheAttributesJavaReads() throws Exception {
        Path file = Files.write(dir.resolve("file"), new byte[5000]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z")));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        FileStatus status = PathIo.statx(file);
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
        Map<String, Object> unix = Files.readAttributes(file, "unix:*");

        assertEquals(FileStatus.Type.REGULAR_FILE, status.type());
        assertEquals(attributes.size(), status.size());
        assertEquals(attributes.lastModifiedTime(), FileTime.from(status.modificationTime()));
        assertEquals(attributes.lastAccessTime(), FileTime.from(status.accessTime()));
        assertEquals(unix.get("ctime"), FileTime.from(status.changeTime()));
        assertEquals(attributes.permissions(), status.permissions());
        assertEquals(0640, status.mode());
        assertEquals(((Number) unix.get("ino")).longValue(), status.inode());
        assertEquals(((Number) unix.get("dev")).longValue(), status.device());
        assertEquals(((Number) unix.get("nlink")).longValue(), status.linkCount());
        assertEquals(((Number) unix.get("uid")).longValue(), status.uid());
        assertEquals(((Number) unix.get("gid")).longValue(), status.gid());
        assertEquals(((Number) unix.get("rdev")).longValue(), 0L);
        assertTrue(status.blocks() * 512 >= status.size(), status.toString());
        assertTrue(status.blockSize() > 0);
        status.creationTime().ifPresent(created -> assertEquals(attributes.creationTime(), FileTime.from(created)));

        assertEquals(FileStatus.Type.DIRECTORY, PathIo.statx(dir).type());
        assertEquals(FileStatus.Type.CHARACTER_DEVICE, PathIo.statx(Path.of("/dev/null")).type());
    }

    @Test
    void statxOfAMissingFileNamesItAndItsErrno() {
        UringException e = assertThrows(UringException.class, () -> PathIo.statx(Path.of("/no/such")));
        assertEquals("statx(/no/such): ENOENT (No such file or directory)", e.getMessage());
        assertEquals(Errno.ENOENT, e.errno().orElseThrow());
        assertEquals("statx(/no/such)", e.operation());
    }

    @Test
    void statxFollowsSymbolicLinksUnlessToldNotTo() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "0123456789");
        Path link = dir.resolve("link");
        PathIo.symlink(target, link);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(target, Files.readSymbolicLink(link));
        assertEquals(10, PathIo.statx(link).size());
        assertTrue(PathIo.statx(link).isRegularFile());
        FileStatus itself = PathIo.statx(link, LinkOption.NOFOLLOW_LINKS);
        assertTrue(itself.isSymbolicLink());
        assertEquals(target.toString().length(), itself.size());

        Path dangling = dir.resolve("dangling");
        PathIo.symlink(Path.of("nowhere"), dangling);
        assertEquals(Errno.ENOENT, assertThrows(UringException.class, () -> PathIo.statx(dangling)).errno().orElseThrow());
        assertTrue(PathIo.statx(dangling, LinkOption.NOFOLLOW_LINKS).isSymbolicLink());
        UringException e = assertThrows(UringException.class, () -> PathIo.symlink(target, link));
        assertEquals("symlinkat(" + target + ", " + link + "): EEXIST (File exists)", e.getMessage());
    }

    @Test
    void statxRelativeToADirectoryDescriptor() throws Exception {
        Files.writeString(dir.resolve("relative"), "abc");
        int directory = FileIo.open(dir);
        assertEquals(3, PathIo.statx(directory, Path.of("relative")).size());
        UringException e = assertThrows(UringException.class, () -> PathIo.statx(directory, Path.of("absent")));
        assertEquals("statx(dirfd=" + directory + ", absent): ENOENT (No such file or directory)", e.getMessage());
        FileIo.close(directory);
    }

    @Test
    void mkdirAndRmdir() throws Exception {
        Path made = dir.resolve("made");
        PathIo.mkdir(made);
        assertTrue(Files.isDirectory(made));
        UringException exists = assertThrows(UringException.class, () -> PathIo.mkdir(made));
        assertEquals("mkdirat(" + made + "): EEXIST (File exists)", exists.getMessage());

        Path restricted = dir.resolve("restricted");
        PathIo.mkdir(restricted, PosixFilePermissions.fromString("rwx------"));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(restricted));

        Files.writeString(made.resolve("child"), "x");
        UringException notEmpty = assertThrows(UringException.class, () -> PathIo.rmdir(made));
        assertEquals(Errno.ENOTEMPTY, notEmpty.errno().orElseThrow());
        PathIo.unlink(made.resolve("child"));
        PathIo.rmdir(made);
        assertFalse(Files.exists(made));
        assertEquals(Errno.ENOENT, assertThrows(UringException.class,
                () -> PathIo.mkdir(dir.resolve("no/parent"))).errno().orElseThrow());
    }

    @Test
    void unlinkRemovesNamesButNotDirectories() throws Exception {
        Path file = Files.writeString(dir.resolve("gone"), "x");
        PathIo.unlink(file);
        assertFalse(Files.exists(file));
        UringException e = assertThrows(UringException.class, () -> PathIo.unlink(file));
        assertEquals("unlinkat(" + file + "): ENOENT (No such file or directory)", e.getMessage());
        assertEquals(Errno.EISDIR, assertThrows(UringException.class, () -> PathIo.unlink(dir)).errno().orElseThrow());
    }

    @Test
    void renameRefusesToReplaceUnlessAsked() throws Exception {
        Path source = Files.writeString(dir.resolve("source"), "new");
        Path target = Files.writeString(dir.resolve("target"), "old");
        UringException e = assertThrows(UringException.class, () -> PathIo.rename(source, target));
        assertEquals("renameat(" + source + ", " + target + "): EEXIST (File exists)", e.getMessage());
        assertEquals("old", Files.readString(target));

        PathIo.rename(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertFalse(Files.exists(source));
        assertEquals("new", Files.readString(target));
        Path moved = dir.resolve("moved");
        PathIo.rename(target, moved);
        assertEquals("new", Files.readString(moved));
        assertEquals(Errno.ENOENT, assertThrows(UringException.class, () -> PathIo.rename(target, moved)).errno().orElseThrow());
        assertThrows(UnsupportedOperationException.class,
                () -> PathIo.rename(moved, target, StandardCopyOption.COPY_ATTRIBUTES));
    }

    @Test
    void linkGivesAFileASecondName() throws Exception {
        Path file = Files.writeString(dir.resolve("original"), "shared");
        Path second = dir.resolve("second");
        PathIo.link(file, second);
        assertTrue(Files.isSameFile(file, second));
        assertEquals(2, PathIo.statx(file).linkCount());
        Files.writeString(second, "changed");
        assertEquals("changed", Files.readString(file));
        UringException e = assertThrows(UringException.class, () -> PathIo.link(file, second));
        assertEquals("linkat(" + file + ", " + second + "): EEXIST (File exists)", e.getMessage());
        assertEquals(Errno.EPERM, assertThrows(UringException.class,
                () -> PathIo.link(dir, dir.resolve("dirlink"))).errno().orElseThrow());
    }

    @Test
    void badPathsAreRefusedBeforeSubmitting() {
        Path tooLong = Path.of("/tmp/" + "x".repeat(5000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathIo.statx(tooLong));
        assertTrue(e.getMessage().startsWith("path longer than PATH_MAX"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PathIo.rename(dir, tooLong));
        assertThrows(IllegalArgumentException.class, () -> FileIo.open(tooLong));
        assertEquals(false, Reactor.get().isRunnable(), "nothing was submitted");
    }
}
