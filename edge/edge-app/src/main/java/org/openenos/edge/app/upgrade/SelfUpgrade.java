package org.openenos.edge.app.upgrade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import org.openenos.protocol.TopicKind;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.FirmwareUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge upgrading itself, inside the process the {@link EdgeLauncher} started. The gateway device receives
 * {@code ota.device.upgrade} like any EnOS device; the SDK's {@link FirmwareUpdater} downloads (resuming with HTTP
 * ranges) and verifies the sign, then this installs the file as a new version of the {@link EdgeHome} and exits
 * with {@link EdgeLauncher#RESTART}. Each time the gateway connects it reports its state:
 * <ul>
 *   <li>a version on trial confirms itself and then informs its version (the job counts it succeeded);</li>
 *   <li>a version the launcher rolled back to first fails the task ({@code ota.device.progress} -4 with the
 *       reason), then informs its own version;</li>
 *   <li>otherwise it informs its version.</li>
 * </ul>
 */
public final class SelfUpgrade implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelfUpgrade.class);
    private final EdgeHome home;
    private final URI httpBase;
    private final Runnable restart;
    private volatile FirmwareUpdater updater;

    public SelfUpgrade(EdgeHome home, URI httpBase, Runnable restart) {
        this.home = home;
        this.httpBase = httpBase;
        this.restart = restart;
    }

    /**
     * Self-upgrade when the launcher started this process ({@value EdgeLauncher#HOME_PROPERTY}); downloads go to
     * {@code openenos.edge.cloud-http-url}, or {@code defaultHttpUrl} (the provisioning URL, or port 8080 of the
     * cloud host).
     */
    public static Optional<SelfUpgrade> fromSystemProperties(String defaultHttpUrl) {
        String home = System.getProperty(EdgeLauncher.HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        URI http = URI.create(System.getProperty("openenos.edge.cloud-http-url", defaultHttpUrl));
        return Optional.of(new SelfUpgrade(new EdgeHome(Path.of(home)), http, () -> {
            // exit off the SDK's threads: the shutdown hook closes the edge, which closes them
            Thread.ofPlatform().name("edge-restart").start(() -> System.exit(EdgeLauncher.RESTART));
        }));
    }

    /** A new SDK client of the gateway, before it connects: it handles upgrade pushes from now on. */
    public void clientCreated(DeviceClient client) {
        FirmwareUpdater old = updater;
        if (old != null) {
            old.close();
        }
        try {
            updater = FirmwareUpdater.attach(client, httpBase, home.path().resolve("downloads"), installer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gateway is connected: report what this version is and how it came to run. */
    public void connected(DeviceClient client) {
        Thread.ofVirtual().name("edge-upgrade-report").start(() -> report(client));
    }

    private void report(DeviceClient client) {
        report(progress -> client.call(TopicKind.OTA_PROGRESS, client.id(), null, progress), client::informVersion);
    }

    /**
     * A version on trial confirms itself before it informs the cloud of its version: once the job counts the
     * upgrade as succeeded, the launcher can no longer roll it back (a crash in between only repeats the inform).
     */
    void report(Function<Map<String, String>, CompletableFuture<?>> progress,
                Function<String, CompletableFuture<?>> informVersion) {
        try {
            String version = home.currentVersion();
            Optional<EdgeHome.Rollback> rollback = home.pendingRollback();
            if (rollback.isPresent()) {
                progress.apply(Map.of("step", "-4", "desc",
                        rollback.get().reason() + "; rolled back to " + rollback.get().restoredVersion()))
                        .get(30, TimeUnit.SECONDS);
                home.rollbackReported();
            }
            if (home.trialVersion().filter(version::equals).isPresent()) {
                home.confirm();
                LOG.info("edge version {} reached the cloud: upgrade confirmed", version);
            }
            informVersion.apply(version).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the next connect reports again; an unconfirmed trial is rolled back by the launcher
            LOG.warn("upgrade state not reported: {}", e.getMessage());
        }
    }

    private FirmwareUpdater.RestartingInstaller installer() {
        return new FirmwareUpdater.RestartingInstaller() {
            @Override
            public void install(Path firmware, String version) throws IOException {
                home.install(version, firmware);
                LOG.info("edge version {} installed; restarting into it", version);
            }

            @Override
            public void restart() {
                restart.run();
            }
        };
    }

    @Override
    public void close() {
        FirmwareUpdater u = updater;
        if (u != null) {
            u.close();
        }
    }
}
