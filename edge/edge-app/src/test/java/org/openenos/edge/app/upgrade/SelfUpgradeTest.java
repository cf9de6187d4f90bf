package org.openenos.edge.app.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a version on trial does once it reaches the cloud, on a real edge home. */
class SelfUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void aVersionOnTrialIsConfirmedBeforeTheCloudHearsOfIt() throws Exception {
        Path jars = dir.resolve("jars");
        EdgeHome home = EdgeHome.create(dir.resolve("home"), "1.0",
                LauncherJars.jar(jars.resolve("v1.jar"), LauncherJars.Stops.class.getName()));
        home.install("2.0", LauncherJars.jar(jars.resolve("v2.jar"), LauncherJars.Stops.class.getName()));
        SelfUpgrade upgrade = new SelfUpgrade(home, URI.create("http://localhost"), () -> { });
        List<Optional<String>> trialWhenInformed = new ArrayList<>();

        upgrade.report(progress -> CompletableFuture.completedFuture(null), version -> {
            try {
                trialWhenInformed.add(home.trialVersion());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return CompletableFuture.failedFuture(new IllegalStateException("link dropped"));
        });

        assertThat(trialWhenInformed).as("the trial when the version was informed").containsExactly(Optional.empty());
        assertThat(home.currentVersion()).isEqualTo("2.0");
        assertThat(home.trialVersion()).as("confirmed although the inform failed; the next connect informs again")
                .isEmpty();
    }
}
