package org.openenos.simulator;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.openenos.protocol.TopicKind;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.DeviceId;
import org.openenos.sdk.Login;
import org.openenos.sdk.MeasurepointItem;
import org.openenos.sdk.SubDevice;
import org.openenos.simulator.ProvisionedFleet.SimulatedDevice;
import org.openenos.simulator.ProvisionedFleet.SimulatedGateway;
import org.openenos.simulator.signal.BatterySignals;
import org.openenos.simulator.signal.DeviceSignals;
import org.openenos.simulator.signal.SolarInverterSignals;
import org.openenos.simulator.signal.WindTurbineSignals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a provisioned fleet over real MQTT connections with the device SDK: one connection per directly
 * connected device, one per gateway (which logs its sub-devices in and posts for all of them in one batch). Every
 * device answers the {@code reset} service (clears a fault) and measure point set commands.
 */
public final class FleetRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetRunner.class);

    private final ProvisionedFleet fleet;
    private final String mqttUri;
    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().daemon().name("fleet-tick-", 0).factory());
    private final List<DeviceClient> clients = new ArrayList<>();
    private final Map<DeviceId, DeviceSignals> signals = new ConcurrentHashMap<>();
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Firmware each directly connected device runs (simulated: an upgrade changes only this). */
    private final Map<DeviceId, String> firmwareVersions = new ConcurrentHashMap<>();
    private final List<org.openenos.sdk.FirmwareUpdater> updaters = new ArrayList<>();
    private volatile java.net.URI httpBase;
    private volatile java.nio.file.Path firmwareDir;

    public FleetRunner(ProvisionedFleet fleet, String mqttUri) {
        this.fleet = fleet;
        this.mqttUri = mqttUri;
    }

    /**
     * Devices take OTA upgrades as the EnOS device SDK does: they report version 1.0 when they connect, and on
     * {@code ota.device.upgrade} download from {@code httpBase} (into {@code workDir}), verify, "flash" and report
     * the new version. Call before {@link #start()}.
     */
    public FleetRunner withFirmwareUpdates(java.net.URI httpBase, java.nio.file.Path workDir) {
        this.httpBase = httpBase;
        this.firmwareDir = workDir;
        return this;
    }

    /** The firmware version a simulated device runs now. */
    public String firmwareVersion(String productKey, String deviceKey) {
        return firmwareVersions.getOrDefault(new DeviceId(productKey, deviceKey), "1.0");
    }

    /** Connects every device and starts posting; connections that fail keep retrying in the background. */
    public synchronized FleetRunner start() {
        long epoch = System.currentTimeMillis();
        for (SimulatedDevice device : fleet.devices()) {
            signals.put(new DeviceId(device.productKey(), device.deviceKey()), signalsOf(device, epoch));
        }
        for (SimulatedDevice device : fleet.devices()) {
            if (device.gatewayDeviceKey() == null) {
                startDevice(device);
            }
        }
        for (SimulatedGateway gateway : fleet.gateways()) {
            startGateway(gateway);
        }
        LOG.info("Fleet streaming to {}: {} connections, a post every {} s", mqttUri, clients.size(),
                fleet.intervalSeconds());
        return this;
    }

    public long posts() {
        return posts.get();
    }

    public long failures() {
        return failures.get();
    }

    private DeviceSignals signalsOf(SimulatedDevice device, long epoch) {
        RandomGenerator random = new java.util.SplittableRandom(device.deviceKey().hashCode());
        double fault = fleet.faultProbability();
        ZoneId zone = ZoneId.of(device.timezone() == null ? "Z" : device.timezone());
        return switch (device.kind()) {
            case windFarm -> new WindTurbineSignals(device.ratedPowerKw(), device.meanWindSpeed(), fault, random);
            case solarPlant -> new SolarInverterSignals(device.ratedPowerKw(), fleet.timeScale(), zone, epoch, fault,
                    random);
            case battery -> new BatterySignals(device.ratedPowerKw(), device.capacityKwh(),
                    new SolarInverterSignals(0, fleet.timeScale(), zone, epoch, 0, random), fault, random);
        };
    }

    private void attachFirmwareUpdates(DeviceClient client, DeviceId id) {
        try {
            updaters.add(org.openenos.sdk.FirmwareUpdater.attach(client, httpBase,
                    firmwareDir.resolve(id.deviceKey()), (file, version) -> {
                        java.nio.file.Files.deleteIfExists(file);
                        firmwareVersions.put(id, version);
                        LOG.info("Simulated device {} now runs firmware {}", id.deviceKey(), version);
                    }));
        } catch (java.io.IOException e) {
            LOG.warn("Device {} takes no firmware updates: {}", id.deviceKey(), e.getMessage());
        }
    }

    private DeviceClient client(String productKey, String deviceKey, String secret) {
        DeviceClient client = DeviceClient.create(DeviceClientOptions.of(mqttUri)
                        .withReplyTimeout(Duration.ofSeconds(20))
                        .withReconnect(true, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                new Login.Secret(productKey, deviceKey, secret));
        client.onService("reset", command -> {
            DeviceSignals s = signals.get(command.device());
            if (s != null) {
                s.reset();
            }
            return Map.of();
        });
        client.onCommand(TopicKind.MEASUREPOINT_SET, command -> Map.of());
        clients.add(client);
        return client;
    }

    private void startDevice(SimulatedDevice device) {
        DeviceClient client = client(device.productKey(), device.deviceKey(), device.deviceSecret());
        DeviceId id = client.id();
        if (httpBase != null) {
            attachFirmwareUpdates(client, id);
        }
        client.connectAndKeepTrying().thenRun(() -> {
            if (httpBase != null) {
                client.informVersion(firmwareVersions.getOrDefault(id, "1.0"));
            }
        }).exceptionally(failure -> {
            LOG.warn("Device {} could not connect yet: {}", device.deviceKey(), failure.getMessage());
            return null;
        });
        schedule(() -> {
            if (!client.isConnected()) {
                return;
            }
            long now = System.currentTimeMillis();
            DeviceSignals s = signals.get(id);
            Map<String, Object> values = s.next(now, fleet.intervalSeconds());
            track(client.postMeasurepoints(new MeasurepointItem(null, now, values)));
            s.newFault().ifPresent(code -> track(client.postEvent(null, "fault", Map.of("code", code), now)));
        });
    }

    private void startGateway(SimulatedGateway gateway) {
        DeviceClient client = client(gateway.productKey(), gateway.deviceKey(), gateway.deviceSecret());
        List<SimulatedDevice> subs = fleet.subDevicesOf(gateway);
        List<SubDevice> credentials = subs.stream()
                .map(d -> new SubDevice(d.productKey(), d.deviceKey(), d.deviceSecret())).toList();
        client.connectAndKeepTrying()
                .thenCompose(connected -> client.gateway().loginBatch(credentials))
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        LOG.warn("Gateway {} is not ready yet: {}", gateway.deviceKey(), failure.getMessage());
                    } else if (!result.failed().isEmpty()) {
                        LOG.warn("Gateway {}: sub-devices failed to log in: {}", gateway.deviceKey(), result.message());
                    }
                });
        schedule(() -> {
            if (!client.isConnected()) {
                return;
            }
            long now = System.currentTimeMillis();
            List<MeasurepointItem> items = new ArrayList<>();
            for (SimulatedDevice sub : subs) {
                DeviceId id = new DeviceId(sub.productKey(), sub.deviceKey());
                DeviceSignals s = signals.get(id);
                items.add(new MeasurepointItem(id, now, s.next(now, fleet.intervalSeconds())));
                s.newFault().ifPresent(code -> track(client.postEvent(id, "fault", Map.of("code", code), now)));
            }
            track(client.postMeasurepointBatch(items, true, false));
        });
    }

    private void schedule(Runnable tick) {
        long period = fleet.intervalSeconds() * 1000L;
        long delay = ThreadLocalRandom.current().nextLong(period);
        ticks.scheduleAtFixedRate(() -> {
            try {
                tick.run();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.debug("Tick failed", e);
            }
        }, delay, period, TimeUnit.MILLISECONDS);
    }

    private void track(java.util.concurrent.CompletableFuture<Void> request) {
        request.whenComplete((ok, failure) -> {
            if (failure == null) {
                posts.incrementAndGet();
            } else {
                failures.incrementAndGet();
                LOG.debug("Post failed: {}", failure.getMessage());
            }
        });
    }

    @Override
    public synchronized void close() {
        ticks.shutdownNow();
        updaters.forEach(org.openenos.sdk.FirmwareUpdater::close);
        clients.forEach(DeviceClient::close);
        clients.clear();
    }
}
