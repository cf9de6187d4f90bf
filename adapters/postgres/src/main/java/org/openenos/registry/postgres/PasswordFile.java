package org.openenos.registry.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * A generated database password kept in a file only its owner may read (0600, in a 0700 directory). The modes are
 * set explicitly at creation and again on every read, so neither the umask nor a later {@code chmod} leaves the
 * password readable by other local users.
 */
record PasswordFile(Path path, String password, boolean createdNow) {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    static PasswordFile readOrCreate(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
        if (!Files.exists(path)) {
            String generated = generate();
            try {
                createOwnerOnly(path);
                Files.write(path, (generated + "\n").getBytes(StandardCharsets.US_ASCII),
                        StandardOpenOption.TRUNCATE_EXISTING);
                restrict(path, "rw-------");
                return new PasswordFile(path, generated, true);
            } catch (FileAlreadyExistsException raced) {
                // another start created it first; read theirs
            }
        }
        restrict(path, "rw-------");
        String password = Files.readString(path, StandardCharsets.US_ASCII).strip();
        if (password.isEmpty()) {
            throw new IOException(path + " is empty; delete it to have a new password generated");
        }
        return new PasswordFile(path, password, false);
    }

    private static String generate() {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Created 0600 from the start: the password is never in a file someone else could open. */
    private static void createOwnerOnly(Path path) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(path);
        }
    }

    private static void restrict(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits the ACL of the user's data directory
        }
    }

    @Override
    public String toString() {
        return "PasswordFile[" + path + "]";
    }
}
