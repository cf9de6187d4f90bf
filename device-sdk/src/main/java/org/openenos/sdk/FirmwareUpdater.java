package org.openenos.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.openenos.protocol.TopicKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Firmware upgrades the way the EnOS device SDK samples do them, on the documented topics only: on
 * {@code ota.device.upgrade} it downloads {@code fileUrl} (resuming a broken download with HTTP range requests),
 * checks {@code sign}, reports {@code ota.device.progress} ("0"…"100"; "-2" download, "-3" verification, "-4"
 * install failed), hands the file to the {@link Installer} and then informs the new version. A relative
 * {@code fileUrl} is resolved against the platform's HTTP address given here.
 */
public final class FirmwareUpdater implements AutoCloseable {
    /** Writes the verified image and switches to it; throws when it cannot. */
    @FunctionalInterface
    public interface Installer {
        void install(Path firmware, String version) throws Exception;
    }

    /**
     * An installer that switches to the new firmware by restarting the program (an edge, a gateway application):
     * after {@link #install} the updater reports "100" and calls {@link #restart}; it does not inform the version,
     * which the new program does once it runs and has reconnected.
     */
    public interface RestartingInstaller extends Installer {
        void restart();
    }

    /** A firmware offered by the platform (the five keys of the upgrade push and of getversion). */
    public record Offer(String version, String signMethod, String sign, String fileUrl, long fileSize) {
        static Offer of(Object params) {
            if (!(params instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("upgrade params must be an object");
            }
            Object size = m.get("fileSize");
            return new Offer(String.valueOf(m.get("version")), String.valueOf(m.get("signMethod")),
                    String.valueOf(m.get("sign")), String.valueOf(m.get("fileUrl")),
                    size instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(size)));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdater.class);
    private static final int DOWNLOAD_ATTEMPTS = 5;

    private final DeviceClient client;
    private final URI httpBase;
    private final Path workDir;
    private final Installer installer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("firmware-updater").factory());
    /**
     * The last report sent; the next goes out once it is answered. The platform handles a device's requests
     * concurrently, so reports sent without waiting could be applied out of order (a late "80" after the new
     * version).
     */
    private CompletableFuture<?> lastReport = CompletableFuture.completedFuture(null);

    private FirmwareUpdater(DeviceClient client, URI httpBase, Path workDir, Installer installer) {
        this.client = client;
        this.httpBase = httpBase;
        this.workDir = workDir;
        this.installer = installer;
    }

    /**
     * Handles upgrade pushes for {@code client} from now on. {@code workDir} keeps partial downloads, so a
     * download cut by a restart of the device resumes too.
     */
    public static FirmwareUpdater attach(DeviceClient client, URI httpBase, Path workDir, Installer installer)
            throws IOException {
        Files.createDirectories(workDir);
        FirmwareUpdater updater = new FirmwareUpdater(client, httpBase, workDir, installer);
        client.onCommand(TopicKind.OTA_UPGRADE, command -> {
            Offer offer = Offer.of(command.params());
            updater.worker.execute(() -> updater.upgrade(offer));
            return "";
        });
        return updater;
    }

    /** Asks the platform for upgrades offered to this device ({@code ota.device.getversion}). */
    public CompletableFuture<List<Offer>> availableUpgrades() {
        return client.call(TopicKind.OTA_GET_VERSION, client.id(), null, Map.of())
                .thenApply(data -> data instanceof List<?> list ? list.stream().map(Offer::of).toList() : List.of());
    }

    /** Downloads, verifies and installs {@code offer} now (for an offer from {@link #availableUpgrades()}). */
    public CompletableFuture<Void> upgradeTo(Offer offer) {
        return CompletableFuture.runAsync(() -> upgrade(offer), worker);
    }

    private void upgrade(Offer offer) {
        Path file = workDir.resolve(safe(offer.version()) + ".bin.part");
        progress("0", "downloading " + offer.version());
        try {
            download(offer, file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Firmware {} download failed", offer.version(), e);
            progress("-2", "download failed: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            String actual = digest(file, offer.signMethod());
            if (!actual.equalsIgnoreCase(offer.sign())) {
                Files.deleteIfExists(file);
                progress("-3", "sign mismatch: " + actual);
                return;
            }
            progress("90", "verified");
            installer.install(file, offer.version());
            Files.deleteIfExists(file);
            if (installer instanceof RestartingInstaller restarting) {
                // the report must reach the platform before the process goes away
                progressAcknowledged("100", "installed, restarting into " + offer.version());
                restarting.restart();
                return;
            }
            progress("100", "installed");
            report(() -> client.informVersion(offer.version())).join();
        } catch (Exception e) {
            LOG.warn("Firmware {} install failed", offer.version(), e);
            progress("-4", "install failed: " + e.getMessage());
        }
    }

    /** Appends to what is already there with {@code Range}, a few times over if the connection breaks. */
    private void download(Offer offer, Path file) throws IOException, InterruptedException {
        URI uri = httpBase.resolve(offer.fileUrl());
        IOException last = null;
        for (int attempt = 0; attempt < DOWNLOAD_ATTEMPTS; attempt++) {
            long have = Files.exists(file) ? Files.size(file) : 0;
            if (have >= offer.fileSize() && offer.fileSize() > 0) {
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            try {
                HttpResponse<InputStream> response = http.send(request.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status != 200 && status != 206) {
                    response.body().close();
                    throw new IOException("HTTP " + status + " from the firmware server");
                }
                boolean append = status == 206;
                try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file,
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    copyReporting(in, out, append ? have : 0, offer.fileSize());
                }
                return;
            } catch (IOException e) {
                last = e;
                if (e.getMessage() != null && e.getMessage().startsWith("HTTP 4")) {
                    throw e;
                }
                Thread.sleep(Math.min(10_000, 500L << attempt));
            }
        }
        throw last;
    }

    /** Progress from 0 to 80 while the file comes, at most every 10 %. */
    private void copyReporting(InputStream in, OutputStream out, long start, long total) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long done = start;
        int reported = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            done += n;
            int percent = total <= 0 ? 0 : (int) Math.min(80, done * 80 / total);
            if (percent >= reported + 10) {
                reported = percent;
                progress(Integer.toString(percent), "downloading");
            }
        }
    }

    /** Sends a report after the previous one was answered (or failed), without waiting here. */
    private synchronized <T> CompletableFuture<T> report(Supplier<CompletableFuture<T>> send) {
        CompletableFuture<T> sent = lastReport.handle((previous, failure) -> null).thenCompose(ignored -> send.get());
        lastReport = sent;
        return sent;
    }

    private CompletableFuture<Object> sendProgress(String step, String desc) {
        return report(() -> client.call(TopicKind.OTA_PROGRESS, client.id(), null,
                Map.of("step", step, "desc", desc)));
    }

    private void progress(String step, String desc) {
        sendProgress(step, desc).exceptionally(e -> {
            LOG.debug("Progress {} not accepted: {}", step, e.getMessage());
            return null;
        });
    }

    private void progressAcknowledged(String step, String desc) {
        try {
            sendProgress(step, desc).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.debug("Progress {} not accepted: {}", step, e.getMessage());
        }
    }

    private static String digest(Path file, String signMethod) throws IOException {
        String algorithm = "sha256".equals(signMethod.toLowerCase(Locale.ROOT)) ? "SHA-256" : "MD5";
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance(algorithm))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String safe(String version) {
        return version.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
