package org.openenos.reporting;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.security.PrivateFiles;

/**
 * {@link ReportFiles} in {@code <data-dir>/reports/<org>/<run>/}: the files (0600 in 0700 directories, as every
 * private file of the data directory) and {@code run.properties}, the run's record, written last and atomically.
 */
public final class LocalReportFiles implements ReportFiles {
    static final String RECORD = "run.properties";
    /** A run directory without a record older than this was cut short (a crash) and is removed. */
    static final Duration UNFINISHED_GRACE = Duration.ofDays(1);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.() -]{0,199}");

    private final Path root;

    public LocalReportFiles(Path root) {
        this.root = root;
    }

    /** The directory of all organizations' runs. */
    public Path root() {
        return root;
    }

    @Override
    public OutputStream create(String orgId, String runId, String fileName) throws IOException {
        Path dir = runDir(orgId, runId);
        PrivateFiles.createDirectories(dir);
        Path file = dir.resolve(checkFileName(fileName));
        FileChannel channel = FileChannel.open(file, new java.util.HashSet<>(List.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)), PrivateFiles.fileAttributes(dir));
        return new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
    }

    @Override
    public void saveRun(ExportRun run) throws IOException {
        StringWriter text = new StringWriter();
        RunRecord.toProperties(run).store(text, null);
        PrivateFiles.writeString(runDir(run.orgId(), run.runId()).resolve(RECORD), text.toString());
    }

    @Override
    public Optional<ExportRun> run(String orgId, String runId) {
        Path record = runDir(orgId, runId).resolve(RECORD);
        return Files.isRegularFile(record) ? Optional.of(read(record)) : Optional.empty();
    }

    @Override
    public List<ExportRun> runs(String orgId) {
        Path dir = orgDir(orgId);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ExportRun> runs = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.map(d -> d.resolve(RECORD)).filter(Files::isRegularFile).forEach(r -> runs.add(read(r)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runs.sort(Comparator.comparing(ExportRun::createTime).thenComparing(ExportRun::runId).reversed());
        return runs;
    }

    @Override
    public Path file(String orgId, String runId, String fileName) {
        ExportRun run = run(orgId, runId).orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND,
                "export run " + runId));
        if (run.files().stream().noneMatch(f -> f.name().equals(fileName))) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "file " + fileName + " of export run " + runId);
        }
        return runDir(orgId, runId).resolve(fileName);
    }

    @Override
    public Path pathOf(String orgId, String runId, String fileName) {
        return runDir(orgId, runId).resolve(checkFileName(fileName));
    }

    @Override
    public void deleteRun(String orgId, String runId) throws IOException {
        deleteTree(runDir(orgId, runId));
    }

    @Override
    public int purgeExpired(Instant now) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> orgs = Files.list(root)) {
            for (Path org : orgs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> runs = Files.list(org)) {
                    for (Path run : runs.filter(Files::isDirectory).toList()) {
                        Path record = run.resolve(RECORD);
                        boolean expired = Files.isRegularFile(record) ? read(record).expiresAt().isBefore(now)
                                : Files.getLastModifiedTime(run).toInstant().plus(UNFINISHED_GRACE).isBefore(now);
                        if (expired) {
                            deleteTree(run);
                            removed++;
                        }
                    }
                }
            }
        }
        return removed;
    }

    private Path orgDir(String orgId) {
        return root.resolve(checkId("orgId", orgId));
    }

    private Path runDir(String orgId, String runId) {
        return orgDir(orgId).resolve(checkId("runId", runId));
    }

    private static String checkId(String what, String id) {
        if (id == null || !ID.matcher(id).matches() || id.contains("..")) {
            throw OpenEnosException.badArgument("invalid " + what);
        }
        return id;
    }

    private static String checkFileName(String name) {
        if (name == null || !FILE.matcher(name).matches() || name.contains("..") || RECORD.equals(name)) {
            throw OpenEnosException.badArgument("invalid file name");
        }
        return name;
    }

    private static ExportRun read(Path record) {
        try (Reader in = Files.newBufferedReader(record, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(in);
            return RunRecord.fromProperties(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
