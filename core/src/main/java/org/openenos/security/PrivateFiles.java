package org.openenos.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories of the data directory that only the server's own user may read: keys, certificates, the
 * telemetry log, the store. Modes are given when a file or directory is created (0600 / 0700), never left to the
 * process's umask, and never set after the content is written (that would leave a window in which it is readable).
 * On a file system without POSIX permissions the calls fall back to plain creation: the data directory's own
 * protection applies there.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** The attribute for {@code FileChannel.open(…, CREATE, …)}: a new file is created 0600. */
    public static FileAttribute<?>[] fileAttributes(Path somewhere) {
        return posix(somewhere) ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and any missing parents, each 0700; an existing directory keeps its mode. */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        try {
            if (posix(parent == null ? absolute : parent)) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
                // the umask may have taken bits away from the mode given at creation; it cannot add any
                Files.setPosixFilePermissions(absolute, DIRECTORY);
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
        return dir;
    }

    /** Makes an existing directory 0700 (a data directory created by an older version, or by hand). */
    public static void restrictDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir) && posix(dir)) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
    }

    /** Makes an existing file 0600. */
    public static void restrictFile(Path file) throws IOException {
        if (Files.isRegularFile(file) && posix(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Writes {@code text} to {@code file} atomically (a 0600 temporary file moved over it); parents are 0700. */
    public static void writeString(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, fileAttributes(parent));
        Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
