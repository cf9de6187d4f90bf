package org.openenos.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import org.openenos.connectivity.Connectivity;
import org.openenos.ota.DownloadLinks;
import org.openenos.ota.FirmwareFiles;
import org.openenos.ota.FirmwareRepository;
import org.openenos.ota.FirmwareService;
import org.openenos.ota.OtaDevices;
import org.openenos.ota.OtaJob;
import org.openenos.ota.OtaJobRepository;
import org.openenos.ota.OtaJobService;
import org.openenos.ota.OtaRollout;
import org.openenos.ota.OtaTask;
import org.openenos.ota.postgres.PostgresFirmwareRepository;
import org.openenos.ota.postgres.PostgresOtaDevices;
import org.openenos.ota.postgres.PostgresOtaJobRepository;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.security.PrivateFiles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/**
 * Firmware store and OTA jobs: metadata in PostgreSQL, files under {@code <data-dir>/firmware}, download URLs signed
 * with a key kept in {@code <data-dir>/keys/ota-download.key}, and a timer that drives running jobs. The rollout
 * answers the devices' {@code ota.device.*} topics once attached to the connectivity context.
 */
@Configuration(proxyBeanMethods = false)
public class OtaConfiguration {
    /** Room for the multipart envelope and the metadata part around the largest allowed file. */
    private static final long MULTIPART_SLACK = 1024 * 1024;

    @Bean
    FirmwareRepository firmwareRepository(JdbcClient jdbc) {
        return new PostgresFirmwareRepository(jdbc);
    }

    @Bean
    OtaJobRepository otaJobRepository(JdbcClient jdbc) {
        return new PostgresOtaJobRepository(jdbc);
    }

    @Bean
    OtaDevices otaDevices(JdbcClient jdbc) {
        return new PostgresOtaDevices(jdbc);
    }

    @Bean
    FirmwareFiles firmwareFiles(FileStore store) throws IOException {
        return store.folder("firmware");
    }

    /** Uploads are spooled by the servlet container to a private folder of the data directory, never to memory. */
    @Bean
    MultipartConfigElement multipartConfigElement(OpenEnosProperties props) throws IOException {
        Path spool = PrivateFiles.createDirectories(props.dataDir().resolve("uploads"));
        long max = props.ota().maxFirmwareSize().toBytes();
        return new MultipartConfigElement(spool.toAbsolutePath().toString(), max + MULTIPART_SLACK,
                max + MULTIPART_SLACK, 0);
    }

    @Bean
    FirmwareService firmwareService(FirmwareRepository repository, FirmwareFiles files, OtaJobRepository jobs,
                                    RegistryDeviceDirectory directory, OpenEnosProperties props, Clock clock) {
        DataSize max = props.ota().maxFirmwareSize();
        if (max.toBytes() < 1 || max.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("openenos.ota.max-firmware-size must be between 1B and 2GB: the "
                    + "EnOS device SDK reads fileSize as a 32-bit integer");
        }
        return new FirmwareService(repository, files, jobs, directory, max.toBytes(), clock);
    }

    @Bean
    DownloadLinks downloadLinks(OpenEnosProperties props, Clock clock) throws IOException {
        Path keyFile = props.dataDir().resolve("keys").resolve("ota-download.key");
        if (!Files.exists(keyFile)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            PrivateFiles.writeString(keyFile, Base64.getEncoder().encodeToString(key));
        }
        byte[] key = Base64.getDecoder().decode(Files.readString(keyFile).strip());
        return new DownloadLinks(key, props.ota().downloadBaseUrl(), props.ota().downloadLinkLifetime(), clock);
    }

    @Bean
    OtaRollout otaRollout(OtaJobRepository jobs, FirmwareRepository firmware, OtaDevices devices,
                          DownloadLinks links, Connectivity connectivity, OpenEnosProperties props, Clock clock) {
        OtaRollout rollout = new OtaRollout(jobs, firmware, devices, links, connectivity.publisher(), nodeName(props),
                clock);
        connectivity.attachFirmwareUpdates(rollout);
        return rollout;
    }

    @Bean(destroyMethod = "close")
    OtaRolloutTimer otaRolloutTimer(OtaRollout rollout, Connectivity connectivity, OpenEnosProperties props) {
        OtaRolloutTimer timer = new OtaRolloutTimer(rollout, props.ota().tickInterval());
        // a device that comes online gets its waiting upgrade at once, not at the next tick
        connectivity.sessions().onOnline(device -> timer.wake());
        return timer;
    }

    /** This server in OTA job leases: host name and data directory, both stable across restarts. */
    private static String nodeName(OpenEnosProperties props) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + props.dataDir().toAbsolutePath().normalize();
    }

    @Bean
    OtaJobService otaJobService(OtaJobRepository jobs, FirmwareService firmware, OtaDevices devices,
                                OtaRolloutTimer timer, Clock clock, MeterRegistry meters) {
        OtaGaugeCounts counts = new OtaGaugeCounts(jobs, clock);
        for (OtaJob.Status status : OtaJob.Status.values()) {
            if (status.active()) {
                Gauge.builder("openenos.ota.jobs", counts, c -> c.jobs(status))
                        .description("OTA jobs running or paused").tag("status", status.enos()).register(meters);
            }
        }
        for (OtaTask.Status status : OtaTask.Status.values()) {
            Gauge.builder("openenos.ota.devices", counts, c -> c.tasks(status))
                    .description("devices of running and paused OTA jobs, per upgrade state")
                    .tag("state", status.name().toLowerCase(Locale.ROOT)).register(meters);
        }
        return new OtaJobService(jobs, firmware, devices, timer::wake, clock);
    }

}
