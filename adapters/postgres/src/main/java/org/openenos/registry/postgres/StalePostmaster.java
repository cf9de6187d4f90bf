package org.openenos.registry.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as a child process. When the server is killed (SIGKILL, OOM killer, power cut of the
 * JVM only), that child survives and keeps the data directory locked, so the next start would fail. Before starting,
 * a postmaster still registered in {@code postmaster.pid} for our directory is asked for a fast shutdown (SIGINT)
 * and, if it does not go, killed. PostgreSQL's own crash recovery then makes the directory consistent again.
 */
final class StalePostmaster {
    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

    private StalePostmaster() {
    }

    static void stopIfRunning(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        } catch (RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid)
                .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (handle.isEmpty()) {
            return;
        }
        LOG.warn("a PostgreSQL server (pid {}) from a previous run still holds {}; stopping it", pid, dataDir);
        signal(pid, "INT");
        if (!waitForExit(handle.get(), Duration.ofSeconds(30))) {
            handle.get().destroyForcibly();
            waitForExit(handle.get(), Duration.ofSeconds(10));
        }
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            LOG.warn("cannot signal pid {}: {}", pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (Exception e) {
            return !handle.isAlive();
        }
    }
}
