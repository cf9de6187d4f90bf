package org.openenos.edge.app.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's trial of a new version, with real child JVMs. */
class EdgeLauncherTest {
    @TempDir
    Path dir;

    private EdgeHome homeWithTrial(Class<?> newVersion) throws Exception {
        Path jars = dir.resolve("jars");
        EdgeHome home = EdgeHome.create(dir.resolve("home"), "1.0",
                LauncherJars.jar(jars.resolve("v1.jar"), LauncherJars.Stops.class.getName(),
                        LauncherJars.thisModule()));
        home.install("2.0", LauncherJars.jar(jars.resolve("v2.jar"), newVersion.getName(), LauncherJars.thisModule()));
        assertThat(home.currentVersion()).isEqualTo("2.0");
        assertThat(home.trialVersion()).hasValue("2.0");
        return home;
    }

    private int launch(EdgeHome home, Duration trial) throws Exception {
        return new EdgeLauncher(home, trial, List.of("-Xmx64m"), List.of(), Optional.of(dir.resolve("edge.log")))
                .run();
    }

    @Test
    void aNewVersionThatNeverConnectsIsStoppedAtTheTrialTimeoutAndThePreviousOneRuns() throws Exception {
        EdgeHome home = homeWithTrial(LauncherJars.Hangs.class);

        assertThat(launch(home, Duration.ofSeconds(3))).as("the restored 1.0 stopped with 0").isZero();

        assertThat(home.currentVersion()).isEqualTo("1.0");
        assertThat(home.trialVersion()).isEmpty();
        assertThat(home.pendingRollback()).hasValueSatisfying(r -> {
            assertThat(r.failedVersion()).isEqualTo("2.0");
            assertThat(r.restoredVersion()).isEqualTo("1.0");
            assertThat(r.reason()).contains("did not connect to the cloud within 3 s");
        });
    }

    @Test
    void aNewVersionThatDoesNotStartIsRolledBackAtOnce() throws Exception {
        EdgeHome home = homeWithTrial(LauncherJars.Crashes.class);
        long started = System.nanoTime();

        assertThat(launch(home, Duration.ofMinutes(5))).isZero();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
        assertThat(home.currentVersion()).isEqualTo("1.0");
        assertThat(home.pendingRollback()).hasValueSatisfying(r ->
                assertThat(r.reason()).contains("exited with code 1 before it connected"));
    }

    @Test
    void stoppingTheLauncherDuringATrialKeepsTheNewVersionOnTrial() throws Exception {
        EdgeHome home = homeWithTrial(LauncherJars.Hangs.class);
        EdgeLauncher launcher = new EdgeLauncher(home, Duration.ofMinutes(5), List.of("-Xmx64m"), List.of(),
                Optional.of(dir.resolve("edge.log")));
        var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return launcher.run();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        awaitChild();

        launcher.stop();   // what the launcher's shutdown hook does on SIGTERM

        run.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(home.currentVersion()).isEqualTo("2.0");
        assertThat(home.trialVersion()).hasValue("2.0");
        assertThat(home.pendingRollback()).isEmpty();
    }

    @Test
    void aSigtermOfTheNewVersionDuringItsTrialIsNoFailedStart() throws Exception {
        EdgeHome home = homeWithTrial(LauncherJars.Hangs.class);
        var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return launch(home, Duration.ofMinutes(5));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });

        awaitChild().destroy();   // a service manager stopping the whole control group sends SIGTERM to the edge

        assertThat(run.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("the JVM's code for SIGTERM").isEqualTo(143);
        assertThat(home.currentVersion()).isEqualTo("2.0");
        assertThat(home.trialVersion()).hasValue("2.0");
        assertThat(home.pendingRollback()).isEmpty();
    }

    /** The edge JVM the launcher started, once it runs. */
    private static ProcessHandle awaitChild() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains(EdgeHome.JAR)).findFirst();
            if (child.isPresent()) {
                Thread.sleep(500);   // let the JVM install its signal handlers
                return child.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the launcher started no edge");
    }

    @Test
    void aNewVersionThatConnectsStaysAndOlderVersionsAreRemoved() throws Exception {
        EdgeHome home = homeWithTrial(LauncherJars.ConfirmsAndStops.class);

        assertThat(launch(home, Duration.ofMinutes(1))).isZero();

        assertThat(home.currentVersion()).isEqualTo("2.0");
        assertThat(home.previousVersion()).hasValue("1.0");
        assertThat(home.trialVersion()).isEmpty();
        assertThat(home.pendingRollback()).isEmpty();
        home.install("3.0", home.currentJar());
        home.confirm();
        assertThat(Files.exists(home.path().resolve("versions/1.0"))).as("only current and previous are kept")
                .isFalse();
        assertThat(Files.exists(home.path().resolve("versions/2.0/openenos-edge.jar"))).isTrue();
    }

    @Test
    void theSameVersionIsNotInstalledOverItself() throws Exception {
        EdgeHome home = homeWithTrial(LauncherJars.Stops.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> home.install("2.0", home.currentJar()))
                .hasMessageContaining("already installed");
    }

    @Test
    void anInstalledHomeHasTheLauncherJarAndAnExecutableStartScript() throws Exception {
        EdgeHome home = homeWithTrial(LauncherJars.Stops.class);
        EdgeHome.installLauncher(home, home.currentJar());

        assertThat(home.path().resolve("launcher/openenos-edge.jar")).isRegularFile();
        Path script = home.path().resolve("bin/openenos-edge");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(Files.readString(script)).contains("launch").contains("--trial-timeout");
        Process check = new ProcessBuilder("sh", "-n", script.toString()).start();
        assertThat(check.waitFor()).as("the script parses").isZero();
    }
}
