package org.openenos.edge.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openenos.edge.buffer.BufferDirectoryLock;
import org.openenos.edge.buffer.EventCodec;
import org.openenos.edge.buffer.ForwardLog;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.cloud.EdgeEvent;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.BufferConfig;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.FieldConfig;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldConnectorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one edge together: the field side (a connector per connection, a pipeline per device, their poll threads),
 * the forwarder with its durable log, and the cloud session that feeds commands to the field side. A field
 * configuration pushed from the cloud replaces the field side only ({@link ManagedConfig}, ADR 0059): the session,
 * the forwarder and the logs keep running.
 */
public final class EdgeRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeRuntime.class);

    private final EdgeConfig config;
    private final List<FieldConnectorFactory> factories;
    private final CloudLink link;
    private final MeterRegistry registry;
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("edge-session").daemon().factory());
    /** Configuration pushes, one at a time, off the cloud client's threads. */
    private final ExecutorService applier = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("edge-config-apply").daemon().factory());
    private final BufferDirectoryLock bufferLock;
    private final ForwardLog<UploadItem> log;
    private final EventForwarder events;
    private final Forwarder forwarder;
    private final CloudSession session;
    private final ManagedConfig managed;
    private final Timer cycleTimer;
    private final Counter eventsRaised;
    private final Counter outages;
    private volatile FieldSide field;

    public EdgeRuntime(EdgeConfig config, List<FieldConnectorFactory> factories, CloudLink link, MeterRegistry registry) {
        this.config = config;
        this.factories = List.copyOf(factories);
        this.link = link;
        this.registry = registry;
        this.cycleTimer = Timer.builder("edge.poll.cycle").register(registry);
        this.eventsRaised = Counter.builder("edge.rules.events").register(registry);
        this.outages = Counter.builder("edge.devices.outages")
                .description("Field devices that stopped answering (went offline)").register(registry);
        BufferConfig buffer = config.buffer();
        // Before any log file is opened (connections open only at start): a second edge on the same buffer stops here.
        this.bufferLock = BufferDirectoryLock.acquire(Path.of(buffer.directory()));
        try {
            this.managed = new ManagedConfig(new AppliedConfigStore(Path.of(buffer.directory()).resolve("managed")),
                    registry);
            this.field = newFieldSide(managed.startupField(config.field()));
            this.log = ForwardLog.items(Path.of(buffer.directory()), buffer.maxBytes(), buffer.segmentBytes(),
                    buffer.fsync());
            this.forwarder = new Forwarder(link, log, config.cloud().maxBatchItems(), buffer.replayBatchItems(),
                    registry);
            // Events get their own small log beside the measure points: they are delivered one by one, in order.
            this.events = new EventForwarder(link, new ForwardLog<>(Path.of(buffer.directory()).resolve("events"),
                    Math.min(buffer.maxBytes(), 64L << 20), Math.min(buffer.segmentBytes(), 1L << 20), buffer.fsync(),
                    new EventCodec()), registry);
        } catch (RuntimeException e) {
            bufferLock.close(); // an edge that failed to open its log must not keep others out
            throw e;
        }
        this.session = new CloudSession(link, field.subDevices(), forwarder, control, config.cloud(), this::command,
                ready -> events.setReady(ready));
        session.onMeasurepointTypes((sub, types) -> field.pipelines.values().stream()
                .filter(p -> p.subDevice().equals(sub)).forEach(p -> p.setCloudTypes(types)));
        Gauge.builder("edge.devices.offline", this, r -> r.field.offlineDevices())
                .description("Field devices in outage now").register(registry);
    }

    private FieldSide newFieldSide(FieldConfig fieldConfig) {
        return new FieldSide(fieldConfig, factories, new FieldSide.Outputs() {
            @Override
            public void items(List<UploadItem> items) {
                forwarder.submit(items);
            }

            @Override
            public void event(EdgeEvent event) {
                events.raise(event);
            }

            @Override
            public void unavailable(SubDevice device) {
                session.markUnavailable(device);
            }

            @Override
            public void available(SubDevice device) {
                session.markAvailable(device);
            }
        }, cycleTimer, eventsRaised, outages);
    }

    public void start() {
        field.start();
        session.start();
        int every = config.status().reportIntervalMillis();
        if (every > 0) {
            control.scheduleWithFixedDelay(this::reportStatus, every, every, TimeUnit.MILLISECONDS);
        }
        LOG.info("edge {} started: {} connections, {} devices{}", config.gateway().serialNumber(),
                field.connectors.size(), field.pipelines.size(),
                managed.appliedVersion().map(v -> " (configuration version " + v + " from the cloud)").orElse(""));
    }

    private void command(CloudCommand command) {
        if (command.kind() == CloudCommand.Kind.APPLY_CONFIG) {
            applier.execute(() -> command.reply(apply(command.params())));
        } else {
            field.dispatch(command);
        }
    }

    /**
     * Applies a pushed field configuration: validated first (a bad one is refused and the running one kept), then
     * the field side is replaced, the cloud session told the new sub-devices, and the version kept for restarts.
     */
    CloudCommand.CommandResult apply(Map<String, Object> params) {
        ManagedConfig.Push push;
        FieldSide next;
        try {
            push = managed.parse(params);
            next = newFieldSide(push.field());
        } catch (RuntimeException e) {
            CloudCommand.CommandResult refused = managed.refused(params, e);
            reportStatus();
            return refused;
        }
        FieldSide previous = field;
        previous.close();
        field = next;
        next.start();
        session.replaceDevices(next.subDevices());
        managed.applied(push);
        LOG.info("configuration version {} from the cloud applied: {} connections, {} devices", push.version(),
                next.connectors.size(), next.pipelines.size());
        reportStatus();
        return CloudCommand.CommandResult.ok(Map.of("version", push.version()));
    }

    private void reportStatus() {
        if (!session.isOnline()) {
            return;
        }
        link.postStatus(StatusReport.of(status(), managed)).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.debug("status not reported: {}", CloudSession.rootMessage(error));
            }
        });
    }

    public EdgeStatus status() {
        FieldSide f = field;
        List<EdgeStatus.Connection> conns = new ArrayList<>();
        List<EdgeStatus.Device> devs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!session.isOnline()) {
            problems.add("cloud link " + session.state());
        }
        f.addStatus(conns, devs, problems);
        return new EdgeStatus(problems.isEmpty(), List.copyOf(problems), session.state(), session.lastContactMillis(),
                log.depth(), log.bytes(), log.dropped(), events.pending(), conns, devs,
                managed.appliedVersion().orElse(null), managed.lastError().orElse(null), forwarder.deadLetterItems());
    }

    /** The version of the configuration pushed from the cloud that runs now; empty while the file's own runs. */
    public Optional<Long> appliedConfigVersion() {
        return managed.appliedVersion();
    }

    public Map<String, FieldConnector> connectors() {
        return field.connectors;
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        session.close();
        applier.shutdownNow();
        field.close();
        forwarder.close();
        events.close();
        control.shutdownNow();
        link.close();
        log.close();
        bufferLock.close();
        LOG.info("edge stopped; {} items wait in the store-and-forward log", log.depth());
    }
}
