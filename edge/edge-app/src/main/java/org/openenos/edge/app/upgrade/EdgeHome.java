package org.openenos.edge.app.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An edge installation that can upgrade itself:
 * <pre>
 * home/versions/&lt;version&gt;/openenos-edge.jar   every installed version
 * home/current  -&gt; versions/&lt;version&gt;           what the launcher starts
 * home/previous -&gt; versions/&lt;version&gt;           where a failed trial goes back to
 * home/trial.properties                         a new version on trial: not yet connected to the cloud
 * home/rollback.properties                      a trial that failed, for the old version to report
 * </pre>
 * {@code current} is a symbolic link replaced by an atomic rename, so a crash at any moment leaves it pointing at a
 * complete version (the jar is in place before the link moves). Only {@code current} and {@code previous} are kept.
 */
public final class EdgeHome {
    public static final String JAR = "openenos-edge.jar";
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.+-]{1,64}");
    private final Path home;

    public EdgeHome(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    /** A home with {@code jar} as its first and current version. */
    public static EdgeHome create(Path home, String version, Path jar) throws IOException {
        EdgeHome created = new EdgeHome(home);
        created.store(version, jar);
        created.point("current", version);
        return created;
    }

    /**
     * The launcher's own copy of the jar ({@code launcher/openenos-edge.jar}, never upgraded, so a broken version
     * cannot take away the way back) and {@code bin/openenos-edge}, the script that starts it.
     */
    public static void installLauncher(EdgeHome home, Path jar) throws IOException {
        Path launcher = Files.createDirectories(home.home.resolve("launcher"));
        Files.copy(jar, launcher.resolve(JAR), StandardCopyOption.REPLACE_EXISTING);
        Path bin = Files.createDirectories(home.home.resolve("bin"));
        try (InputStream script = EdgeHome.class.getResourceAsStream("/openenos-edge.sh")) {
            Files.copy(script, bin.resolve("openenos-edge"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(bin.resolve("openenos-edge"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path path() {
        return home;
    }

    public String currentVersion() throws IOException {
        return Files.readSymbolicLink(home.resolve("current")).getFileName().toString();
    }

    public Optional<String> previousVersion() throws IOException {
        Path previous = home.resolve("previous");
        return Files.isSymbolicLink(previous)
                ? Optional.of(Files.readSymbolicLink(previous).getFileName().toString()) : Optional.empty();
    }

    /** The jar the launcher starts. */
    public Path currentJar() {
        return home.resolve("current").resolve(JAR);
    }

    /**
     * Puts the verified {@code jar} in place as {@code version}, makes the running version the one to go back to,
     * marks the new one on trial and switches {@code current} to it.
     */
    public void install(String version, Path jar) throws IOException {
        String running = currentVersion();
        if (running.equals(version)) {
            throw new IOException("version " + version + " is already installed and running");
        }
        store(version, jar);
        point("previous", running);
        Properties trial = new Properties();
        trial.setProperty("version", version);
        trial.setProperty("previous", running);
        write("trial.properties", trial);
        point("current", version);
    }

    /** The version on trial, if the last install has not yet connected to the cloud. */
    public Optional<String> trialVersion() throws IOException {
        return read("trial.properties").map(p -> p.getProperty("version"));
    }

    /** The version on trial reached the cloud: it stays, and versions other than it and the previous one go. */
    public void confirm() throws IOException {
        Files.deleteIfExists(home.resolve("trial.properties"));
        String keep = currentVersion();
        Optional<String> previous = previousVersion();
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(home.resolve("versions"))) {
            for (Path dir : versions) {
                String name = dir.getFileName().toString();
                if (!name.equals(keep) && previous.map(p -> !p.equals(name)).orElse(true)) {
                    deleteTree(dir);
                }
            }
        }
    }

    /** The version on trial failed: back to the previous one, and a note for it to report. */
    public void rollBack(String reason) throws IOException {
        Optional<Properties> trial = read("trial.properties");
        if (trial.isEmpty()) {
            return;
        }
        String failed = trial.get().getProperty("version");
        String previous = trial.get().getProperty("previous");
        Properties note = new Properties();
        note.setProperty("failedVersion", failed);
        note.setProperty("restoredVersion", previous);
        note.setProperty("reason", reason);
        write("rollback.properties", note);
        point("current", previous);
        Files.deleteIfExists(home.resolve("trial.properties"));
    }

    /** A rollback the running version has not reported yet: failed version, restored version, reason. */
    public Optional<Rollback> pendingRollback() throws IOException {
        return read("rollback.properties").map(p -> new Rollback(p.getProperty("failedVersion"),
                p.getProperty("restoredVersion"), p.getProperty("reason")));
    }

    public void rollbackReported() throws IOException {
        Files.deleteIfExists(home.resolve("rollback.properties"));
    }

    public record Rollback(String failedVersion, String restoredVersion, String reason) {
    }

    private void store(String version, Path jar) throws IOException {
        if (!VERSION.matcher(version).matches() || version.startsWith(".")) {
            throw new IOException("not a usable version name: " + version);
        }
        Path dir = Files.createDirectories(home.resolve("versions").resolve(version));
        Path tmp = dir.resolve(JAR + "." + UUID.randomUUID() + ".part");
        try {
            try (InputStream in = Files.newInputStream(jar); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            Files.move(tmp, dir.resolve(JAR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** rename(2) of a new link over the old one: readers see the old target or the new one, never none. */
    private void point(String link, String version) throws IOException {
        Path tmp = home.resolve("." + link + "." + UUID.randomUUID());
        Files.createSymbolicLink(tmp, Path.of("versions", version));
        try {
            Files.move(tmp, home.resolve(link), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Optional<Properties> read(String name) throws IOException {
        try (InputStream in = Files.newInputStream(home.resolve(name))) {
            Properties p = new Properties();
            p.load(in);
            return Optional.of(p);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void write(String name, Properties content) throws IOException {
        Path tmp = home.resolve(name + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            content.store(out, null);
        }
        Files.move(tmp, home.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
