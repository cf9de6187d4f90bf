package org.openenos.edge.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.edge.buffer.BufferDirectoryLock;
import org.openenos.edge.buffer.EventCodec;
import org.openenos.edge.buffer.ForwardLog;
import org.openenos.edge.cloud.EdgeEvent;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.compute.ThresholdRules.RaisedEvent;
import org.openenos.edge.config.BufferConfig;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.EdgeConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldConnectorFactory;
import org.openenos.edge.field.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one edge together: a connector per connection, a pipeline per device, polling on one scheduler thread per
 * connection (requests on one link are sequential anyway), subscriptions where the protocol pushes, the forwarder
 * with its durable log, and the cloud session that feeds commands to the {@link CommandDispatcher}.
 */
public final class EdgeRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeRuntime.class);

    private final EdgeConfig config;
    private final CloudLink link;
    private final MeterRegistry registry;
    private final Map<String, FieldConnector> connectors = new LinkedHashMap<>();
    private final Map<String, ScheduledExecutorService> pollers = new LinkedHashMap<>();
    private final Map<String, DevicePipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, DeviceCounters> counters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("edge-session").daemon().factory());
    private final BufferDirectoryLock bufferLock;
    private final ForwardLog<UploadItem> log;
    private final EventForwarder events;
    private final Forwarder forwarder;
    private final CloudSession session;
    private final Timer cycleTimer;
    private final Counter eventsRaised;
    private final Counter outages;

    private static final class DeviceCounters {
        final DeviceAvailability availability;
        final AtomicLong polls = new AtomicLong();
        final AtomicLong good = new AtomicLong();
        final AtomicLong bad = new AtomicLong();
        volatile long lastPoll;
        volatile boolean lastPollAllBad;
        /** While in outage: the earliest time of the next (back-off) poll. */
        volatile long nextOutagePoll;

        DeviceCounters(int offlineAfter) {
            availability = new DeviceAvailability(offlineAfter);
        }
    }

    public EdgeRuntime(EdgeConfig config, List<FieldConnectorFactory> factories, CloudLink link, MeterRegistry registry) {
        this.config = config;
        this.link = link;
        this.registry = registry;
        for (ConnectionConfig connection : config.connections()) {
            FieldConnectorFactory factory = factories.stream().filter(f -> f.supports(connection)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no connector for " + connection.type()));
            connectors.put(connection.id(), factory.create(connection, config.devicesOf(connection.id())));
        }
        for (DeviceConfig device : config.devices()) {
            pipelines.put(device.id(), new DevicePipeline(device));
            counters.put(device.id(), new DeviceCounters(device.offlineAfterFailedPolls()));
        }
        BufferConfig buffer = config.buffer();
        // Before any log file is opened (connections open only at start): a second edge on the same buffer stops here.
        this.bufferLock = BufferDirectoryLock.acquire(Path.of(buffer.directory()));
        try {
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
        Map<String, DeviceConfig> byKey = new LinkedHashMap<>();
        config.devices().forEach(d -> byKey.put(CommandDispatcher.key(d.productKey(), d.deviceKey()), d));
        CommandDispatcher dispatcher = new CommandDispatcher(byKey, d -> connectors.get(d.connection()));
        this.session = new CloudSession(link, pipelines.values().stream().map(DevicePipeline::subDevice).toList(),
                forwarder, control, config.cloud(), dispatcher::dispatch, ready -> events.setReady(ready));
        session.onMeasurepointTypes((sub, types) -> pipelines.values().stream()
                .filter(p -> p.subDevice().equals(sub)).forEach(p -> p.setCloudTypes(types)));
        this.cycleTimer = Timer.builder("edge.poll.cycle").register(registry);
        this.eventsRaised = Counter.builder("edge.rules.events").register(registry);
        this.outages = Counter.builder("edge.devices.outages")
                .description("Field devices that stopped answering (went offline)").register(registry);
        io.micrometer.core.instrument.Gauge.builder("edge.devices.offline", counters,
                        c -> c.values().stream().filter(d -> d.availability.isOffline()).count())
                .description("Field devices in outage now").register(registry);
    }

    public void start() {
        connectors.values().forEach(FieldConnector::start);
        for (ConnectionConfig connection : config.connections()) {
            FieldConnector connector = connectors.get(connection.id());
            for (DeviceConfig device : config.devicesOf(connection.id())) {
                List<RawPointConfig> polled = new ArrayList<>(device.points());
                List<RawPointConfig> pushed = device.points().stream().filter(p -> p.pushedOn(connection.type())).toList();
                if (!pushed.isEmpty() && connector.subscribe(device, pushed, (id, s) -> onPushed(device, id, s))) {
                    polled.removeAll(pushed);
                }
                if (!polled.isEmpty()) {
                    // Never replay cycles missed during an outage: one sample per cycle.
                    SkippingFixedRate.start(pollerFor(connection, device), () -> poll(connector, device, polled),
                            device.pollIntervalMillis());
                }
            }
        }
        session.start();
        LOG.info("edge {} started: {} connections, {} devices", config.gateway().serialNumber(),
                connectors.size(), pipelines.size());
    }

    /**
     * Each device polls on a thread of its own, so that the timeouts of a unit that stopped answering never delay
     * the other units of its connection (Modbus TCP and OPC UA match answers to requests, so requests of several
     * units may be under way at once). A serial line behind an RTU-over-TCP gateway answers one request at a time,
     * so its units share one thread; there the outage back-off keeps a dead unit's timeouts rare.
     */
    private ScheduledExecutorService pollerFor(ConnectionConfig connection, DeviceConfig device) {
        String key = connection.type().isSerialLine() ? connection.id() : connection.id() + "/" + device.id();
        return pollers.computeIfAbsent(key, k -> {
            // A virtual worker: a thousand devices cost a thousand parked virtual threads, not platform threads.
            ScheduledThreadPoolExecutor poller = new ScheduledThreadPoolExecutor(1,
                    Thread.ofVirtual().name("edge-poll-" + k).factory());
            // Polls are one-shot tasks that schedule their successor: drop the pending one at shutdown.
            poller.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            return poller;
        });
    }

    private void poll(FieldConnector connector, DeviceConfig device, List<RawPointConfig> points) {
        try {
            DeviceCounters c = counters.get(device.id());
            long now = System.currentTimeMillis();
            if (c.availability.isOffline() && now < c.nextOutagePoll) {
                return;     // in outage: polled at the back-off rate only
            }
            long start = System.nanoTime();
            Map<String, Sample> raw = connector.read(device, points);
            handle(device, raw);
            track(device, c, raw, connector);
            cycleTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            // A poll must never kill its schedule: log and try again next period.
            LOG.error("poll of device {} failed", device.id(), e);
        }
    }

    /** One WARN line per change of a device's availability, never one per failed poll. */
    private void track(DeviceConfig device, DeviceCounters c, Map<String, Sample> raw, FieldConnector connector) {
        long now = System.currentTimeMillis();
        boolean answered = raw.values().stream().anyMatch(Sample::isGood);
        DeviceAvailability.Change change = c.availability.record(answered, now);
        if (c.availability.isOffline()) {
            c.nextOutagePoll = now + device.outagePollIntervalMillis();
        }
        SubDevice sub = pipelines.get(device.id()).subDevice();
        switch (change) {
            case WENT_OFFLINE -> {
                LOG.warn("device {} ({}) stopped answering: {} polls in a row without a good value ({}); marked"
                                + " offline, polled every {} ms until it answers", device.id(), sub,
                        device.offlineAfterFailedPolls(), connector.stats().lastError, device.outagePollIntervalMillis());
                outages.increment();
                session.markUnavailable(sub);
            }
            case CAME_BACK -> {
                LOG.warn("device {} ({}) answers again after {} s; marked online", device.id(), sub,
                        (now - c.availability.offlineSince()) / 1000);
                session.markAvailable(sub);
            }
            case NONE -> { }
        }
    }

    private final Map<String, Map<String, Sample>> pushedState = new ConcurrentHashMap<>();

    private void onPushed(DeviceConfig device, String pointId, Sample sample) {
        // A subscription update carries one point; mappings over several points use the latest of the others.
        Map<String, Sample> state = pushedState.computeIfAbsent(device.id(), k -> new ConcurrentHashMap<>());
        state.put(pointId, sample);
        handle(device, Map.copyOf(state));
    }

    private void handle(DeviceConfig device, Map<String, Sample> raw) {
        DeviceCounters c = counters.get(device.id());
        c.polls.incrementAndGet();
        c.lastPoll = System.currentTimeMillis();
        boolean anyGood = false;
        for (Sample s : raw.values()) {
            (s.isGood() ? c.good : c.bad).incrementAndGet();
            anyGood |= s.isGood();
        }
        c.lastPollAllBad = !raw.isEmpty() && !anyGood;
        DevicePipeline pipeline = pipelines.get(device.id());
        DevicePipeline.Output out = pipeline.process(raw, System.currentTimeMillis());
        if (!out.items().isEmpty()) {
            forwarder.submit(out.items());
        }
        for (RaisedEvent event : out.events()) {
            eventsRaised.increment();
            LOG.info("rule raised event {} on device {}: {}", event.eventId(), device.id(), event.outputs());
            events.raise(new EdgeEvent(device.productKey(), device.deviceKey(), event.eventId(), event.outputs(),
                    event.time()));
        }
    }

    public EdgeStatus status() {
        List<EdgeStatus.Connection> conns = new ArrayList<>();
        connectors.forEach((id, c) -> conns.add(new EdgeStatus.Connection(id, config.connection(id).type().name(),
                c.isConnected(), c.stats().requests.get(), c.stats().failedRequests.get(), c.stats().lastError,
                c.stats().unreadableMessages.get())));
        List<EdgeStatus.Device> devs = new ArrayList<>();
        for (DeviceConfig d : config.devices()) {
            DeviceCounters c = counters.get(d.id());
            devs.add(new EdgeStatus.Device(d.id(), d.productKey(), d.deviceKey(), c.polls.get(), c.good.get(),
                    c.bad.get(), c.lastPoll, !c.availability.isOffline()));
        }
        List<String> problems = new ArrayList<>();
        if (!session.isOnline()) {
            problems.add("cloud link " + session.state());
        }
        connectors.forEach((id, c) -> {
            if (!c.isConnected()) {
                problems.add("connection '" + id + "' is down" + (c.stats().lastError == null ? ""
                        : ": " + c.stats().lastError));
            }
        });
        config.devices().stream().filter(d -> counters.get(d.id()).lastPollAllBad)
                .forEach(d -> problems.add("device '" + d.id() + "' returned no good value in its last poll"
                        + (counters.get(d.id()).availability.isOffline() ? " (offline)" : "")));
        pipelines.forEach((id, p) -> p.unconvertible().values().forEach(reason -> problems.add("device '" + id + "': "
                + reason)));
        return new EdgeStatus(problems.isEmpty(), List.copyOf(problems), session.state(), session.lastContactMillis(), log.depth(), log.bytes(),
                log.dropped(), events.pending(), conns, devs, forwarder.deadLetterItems());
    }

    public Map<String, FieldConnector> connectors() {
        return connectors;
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        session.close();
        pollers.values().forEach(ScheduledExecutorService::shutdown);
        for (ScheduledExecutorService poller : pollers.values()) {
            try {
                poller.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        forwarder.close();
        events.close();
        control.shutdownNow();
        link.close();
        connectors.values().forEach(FieldConnector::close);
        log.close();
        bufferLock.close();
        LOG.info("edge stopped; {} items wait in the store-and-forward log", log.depth());
    }
}
