package org.openenos.edge.app.upgrade;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the edge of an {@link EdgeHome} as a child process and keeps it running across self-upgrades:
 * <ul>
 *   <li>exit code {@value #RESTART} means "a new version is installed, start it": the launcher starts
 *       {@code current} again;</li>
 *   <li>while a version is on trial ({@code trial.properties}), it must connect to the cloud and confirm within the
 *       trial timeout; if it exits first, or the timeout passes, the launcher stops it, points {@code current} back
 *       to the previous version and starts that one, which reports the failed upgrade; a stop of the launcher or
 *       a SIGTERM/SIGINT of the edge (service restart, reboot) is no failure: the trial goes on at the next start;</li>
 *   <li>any other exit code ends the launcher with that code (a service manager decides what follows).</li>
 * </ul>
 * The launcher is deliberately small and is not upgraded with the edge: a broken new version can never take away the
 * way back. {@code bin/openenos-edge} starts it.
 */
public final class EdgeLauncher {
    /** The code the edge exits with to be restarted into the version it just installed. */
    public static final int RESTART = 10;
    /** Exit codes of a JVM ended by SIGTERM or SIGINT: a normal stop, not a failed start. */
    private static final java.util.Set<Integer> STOPPED_BY_SIGNAL = java.util.Set.of(128 + 15, 128 + 2);
    /** System property that tells the edge it runs under the launcher, with the home it may upgrade. */
    public static final String HOME_PROPERTY = "openenos.edge.home";
    private static final Logger LOG = LoggerFactory.getLogger(EdgeLauncher.class);

    private final EdgeHome home;
    private final Duration trialTimeout;
    private final List<String> javaOptions;
    private final List<String> edgeArgs;
    private final Optional<Path> log;
    private volatile Process child;
    private volatile boolean stopping;

    public EdgeLauncher(EdgeHome home, Duration trialTimeout, List<String> javaOptions, List<String> edgeArgs,
                        Optional<Path> log) {
        this.home = home;
        this.trialTimeout = trialTimeout;
        this.javaOptions = List.copyOf(javaOptions);
        this.edgeArgs = List.copyOf(edgeArgs);
        this.log = log;
    }

    /**
     * {@code EdgeLauncher --home DIR [--trial-timeout SECONDS] [--java-option OPT]... [--] EDGE_ARGS...}.
     */
    public static void main(String[] args) throws Exception {
        Path home = null;
        Duration timeout = Duration.ofMinutes(5);
        List<String> options = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]);
                case "--trial-timeout" -> timeout = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--java-option" -> options.addAll(List.of(args[++i].strip().split("\\s+")));
                case "--" -> {
                    rest.addAll(List.of(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> rest.add(args[i]);
            }
        }
        if (home == null) {
            System.err.println("usage: EdgeLauncher --home DIR [--trial-timeout SECONDS] [--java-option OPT]... "
                    + "[--] edge.yaml");
            System.exit(2);
            return;
        }
        EdgeLauncher launcher = new EdgeLauncher(new EdgeHome(home), timeout, options, rest, Optional.empty());
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "edge-launcher-shutdown"));
        System.exit(launcher.run());
    }

    /** Runs until the edge exits with a code other than {@link #RESTART}, and returns that code. */
    public int run() throws IOException, InterruptedException {
        while (!stopping) {
            Optional<String> trial = home.trialVersion();
            String version = home.currentVersion();
            Process process = start();
            int code;
            if (trial.isPresent() && trial.get().equals(version)) {
                code = watchTrial(process, version);
                if (code < 0) {
                    continue; // rolled back: start the previous version
                }
            } else {
                code = process.waitFor();
            }
            if (code != RESTART || stopping) {
                return code;
            }
            LOG.info("edge {} exited to restart into {}", version, home.currentVersion());
        }
        return 0;
    }

    /** Waits for the trial version to confirm; returns its exit code, or -1 after rolling it back. */
    private int watchTrial(Process process, String version) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + trialTimeout.toNanos();
        while (home.trialVersion().isPresent()) {
            if (!process.isAlive()) {
                if (home.trialVersion().isEmpty()) {
                    break; // it confirmed, then exited
                }
                int code = process.exitValue();
                if (stopping || STOPPED_BY_SIGNAL.contains(code)) {
                    // A service restart or a reboot stopped it: not a failed start. The trial stays pending and
                    // starts over (with a new timeout) when the edge is started again.
                    LOG.info("edge {} was stopped (code {}) during its trial; the trial goes on at the next start",
                            version, code);
                    return code;
                }
                String reason = "version " + version + " exited with code " + code
                        + " before it connected to the cloud";
                rollBack(reason);
                return -1;
            }
            if (System.nanoTime() > deadline) {
                stopChild(process);
                rollBack("version " + version + " did not connect to the cloud within "
                        + trialTimeout.toSeconds() + " s");
                return -1;
            }
            Thread.sleep(200);
        }
        LOG.info("edge {} connected to the cloud and is confirmed", version);
        return process.waitFor();
    }

    private void rollBack(String reason) throws IOException {
        LOG.warn("{}; rolling back to {}", reason, home.previousVersion().orElse("?"));
        home.rollBack(reason);
    }

    private Process start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.add("-D" + HOME_PROPERTY + "=" + home.path());
        command.add("-jar");
        command.add(home.currentJar().toString());
        command.addAll(edgeArgs);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (log.isPresent()) {
            File file = log.get().toFile();
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(file));
        } else {
            builder.inheritIO();
        }
        Process started = builder.start();
        child = started;
        return started;
    }

    private static void stopChild(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Stops the edge (SIGTERM, so it flushes its buffers) and the launcher after it. */
    public void stop() {
        stopping = true;
        Process p = child;
        if (p != null && p.isAlive()) {
            try {
                stopChild(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
