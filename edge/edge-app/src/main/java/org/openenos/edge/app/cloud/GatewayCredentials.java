package org.openenos.edge.app.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The gateway's device secret: from the configuration, or received by dynamic activation (reference §1.3) and kept
 * in a file readable only by the edge's user, so that later logins use it instead of the product secret.
 */
public final class GatewayCredentials {
    private final Path file;
    private volatile String deviceSecret;

    public GatewayCredentials(String configured, Path file) {
        this.file = file;
        try {
            this.deviceSecret = configured != null ? configured
                    : file != null && Files.exists(file) ? Files.readString(file).trim() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public String deviceSecret() {
        return deviceSecret;
    }

    public void store(String secret) {
        this.deviceSecret = secret;
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            try {
                // owner-only from creation on, so the secret is never readable by others, not even briefly
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: rely on the directory's permissions.
            }
            Files.writeString(temp, secret);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the device secret", e);
        }
    }
}
