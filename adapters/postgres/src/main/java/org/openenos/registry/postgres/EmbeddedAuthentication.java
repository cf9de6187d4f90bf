package org.openenos.registry.postgres;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locks down the embedded server's data directory before the server starts: password (SCRAM-SHA-256)
 * authentication for every connection, TCP and local socket alike, and a superuser password that matches the one in
 * the key directory.
 *
 * <p>The library's {@code initdb} writes {@code trust} lines, and so did every data directory of earlier versions.
 * Such a directory is migrated here, while no server runs on it: the superuser's password is set in single-user mode
 * ({@code postgres --single}, which reads SQL from stdin and opens no socket), then {@code pg_hba.conf} is
 * rewritten. So there is no moment at which the server accepts a connection without a password. The same happens
 * when the password file was lost and had to be generated again.
 */
final class EmbeddedAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAuthentication.class);
    static final String SUPERUSER = "postgres";
    static final String HBA_MARKER = "# OpenEnOS: password authentication only";
    static final String HBA = HBA_MARKER + """
            . Rewritten at every start of the embedded server; edits here are lost.
            # TYPE  DATABASE  USER  ADDRESS        METHOD
            local   all       all                  scram-sha-256
            host    all       all   127.0.0.1/32   scram-sha-256
            host    all       all   ::1/128        scram-sha-256
            """;

    private EmbeddedAuthentication() {
    }

    /** Runs from the library's data-directory hook: after {@code initdb}, before the postmaster starts. */
    static void secure(Path dataDir, PasswordFile superuser) {
        try {
            Path hba = dataDir.resolve("pg_hba.conf");
            boolean trusting = trusts(hba);
            if (trusting || superuser.createdNow()) {
                long t0 = System.nanoTime();
                setSuperuserPassword(dataDir, superuser.password());
                LOG.info("secured the embedded PostgreSQL in {}: superuser password set{} in {} ms", dataDir,
                        trusting ? ", trust authentication replaced," : "", (System.nanoTime() - t0) / 1_000_000);
            }
            writeHba(hba);
        } catch (IOException e) {
            throw new IllegalStateException("cannot secure the embedded PostgreSQL in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether any active line of {@code pg_hba.conf} lets a client in without a password. */
    static boolean trusts(Path hba) throws IOException {
        if (!Files.exists(hba)) {
            return true;
        }
        for (String line : Files.readAllLines(hba, StandardCharsets.UTF_8)) {
            String active = line.replaceFirst("#.*", "").strip();
            if (!active.isEmpty() && !active.endsWith("scram-sha-256") && !active.startsWith("include")) {
                return true;
            }
        }
        return false;
    }

    private static void writeHba(Path hba) throws IOException {
        if (Files.exists(hba) && Files.readString(hba, StandardCharsets.UTF_8).equals(HBA)) {
            return;
        }
        Path tmp = hba.resolveSibling("pg_hba.conf.new");
        Files.writeString(tmp, HBA, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // nothing to tighten
        }
        Files.move(tmp, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * {@code ALTER ROLE} in single-user mode. The password goes in as a SCRAM verifier computed here, so the clear
     * text appears in no command line, no stdin and no server log.
     */
    private static void setSuperuserPassword(Path dataDir, String password) throws IOException {
        String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // the library runs PostgreSQL in a user namespace when we are root (PostgreSQL refuses root); so do we
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(EmbeddedBinaries.INSTANCE.program("postgres").toString(), "--single", "-D",
                dataDir.toString(), "-F", "-c", "listen_addresses=", "-c", "unix_socket_directories=", SUPERUSER));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(("ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + verifier + "';\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("postgres --single did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the superuser password", e);
        }
        if (process.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException("postgres --single failed (exit " + process.exitValue() + "): "
                    + output.replace(verifier, "***").strip());
        }
    }
}
