package org.openenos.edge.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.cloud.EdgeEvent;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.compute.ThresholdRules.RaisedEvent;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.FieldConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldConnectorFactory;
import org.openenos.edge.field.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The field side of one configuration: a connector per connection, a pipeline per device and their poll threads.
 * A configuration pushed from the cloud replaces the whole field side while the cloud session, the forwarder and the
 * store-and-forward logs of {@link EdgeRuntime} stay up (ADR 0059).
 */
final class FieldSide implements AutoCloseable {
    /** The runtime's logger: operators and log filters know device state changes under that name. */
    private static final Logger LOG = LoggerFactory.getLogger(EdgeRuntime.class);

    /** What the field side hands on: samples to the forwarder, events to the event log, outages to the session. */
    interface Outputs {
        void items(List<UploadItem> items);

        void event(EdgeEvent event);

        void unavailable(SubDevice device);

        void available(SubDevice device);
    }

    final FieldConfig config;
    private final Outputs outputs;
    private final Timer cycleTimer;
    private final Counter eventsRaised;
    private final Counter outages;
    final Map<String, FieldConnector> connectors = new LinkedHashMap<>();
    private final Map<String, ScheduledExecutorService> pollers = new LinkedHashMap<>();
    final Map<String, DevicePipeline> pipelines = new LinkedHashMap<>();
    final Map<String, DeviceCounters> counters = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Sample>> pushedState = new ConcurrentHashMap<>();
    private final CommandDispatcher dispatcher;

    static final class DeviceCounters {
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

    /** Builds the connectors without opening them; throws when a connection has no connector. */
    FieldSide(FieldConfig config, List<FieldConnectorFactory> factories, Outputs outputs, Timer cycleTimer,
              Counter eventsRaised, Counter outages) {
        this.config = config;
        this.outputs = outputs;
        this.cycleTimer = cycleTimer;
        this.eventsRaised = eventsRaised;
        this.outages = outages;
        try {
            for (ConnectionConfig connection : config.connections()) {
                FieldConnectorFactory factory = factories.stream().filter(f -> f.supports(connection)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no connector for " + connection.type()));
                connectors.put(connection.id(), factory.create(connection, devicesOf(connection.id())));
            }
        } catch (RuntimeException e) {
            connectors.values().forEach(FieldConnector::close);
            throw e;
        }
        for (DeviceConfig device : config.devices()) {
            pipelines.put(device.id(), new DevicePipeline(device));
            counters.put(device.id(), new DeviceCounters(device.offlineAfterFailedPolls()));
        }
        Map<String, DeviceConfig> byKey = new LinkedHashMap<>();
        config.devices().forEach(d -> byKey.put(CommandDispatcher.key(d.productKey(), d.deviceKey()), d));
        this.dispatcher = new CommandDispatcher(byKey, d -> connectors.get(d.connection()));
    }

    List<DeviceConfig> devicesOf(String connectionId) {
        return config.devices().stream().filter(d -> d.connection().equals(connectionId)).toList();
    }

    List<SubDevice> subDevices() {
        return pipelines.values().stream().map(DevicePipeline::subDevice).toList();
    }

    ConnectionConfig connection(String id) {
        return config.connections().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    void dispatch(CloudCommand command) {
        dispatcher.dispatch(command);
    }

    void start() {
        connectors.values().forEach(FieldConnector::start);
        for (ConnectionConfig connection : config.connections()) {
            FieldConnector connector = connectors.get(connection.id());
            for (DeviceConfig device : devicesOf(connection.id())) {
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
                outputs.unavailable(sub);
            }
            case CAME_BACK -> {
                LOG.warn("device {} ({}) answers again after {} s; marked online", device.id(), sub,
                        (now - c.availability.offlineSince()) / 1000);
                outputs.available(sub);
            }
            case NONE -> { }
        }
    }

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
            outputs.items(out.items());
        }
        for (RaisedEvent event : out.events()) {
            eventsRaised.increment();
            LOG.info("rule raised event {} on device {}: {}", event.eventId(), device.id(), event.outputs());
            outputs.event(new EdgeEvent(device.productKey(), device.deviceKey(), event.eventId(), event.outputs(),
                    event.time()));
        }
    }

    long offlineDevices() {
        return counters.values().stream().filter(d -> d.availability.isOffline()).count();
    }

    void addStatus(List<EdgeStatus.Connection> conns, List<EdgeStatus.Device> devs, List<String> problems) {
        connectors.forEach((id, c) -> conns.add(new EdgeStatus.Connection(id, connection(id).type().name(),
                c.isConnected(), c.stats().requests.get(), c.stats().failedRequests.get(), c.stats().lastError,
                c.stats().unreadableMessages.get())));
        for (DeviceConfig d : config.devices()) {
            DeviceCounters c = counters.get(d.id());
            devs.add(new EdgeStatus.Device(d.id(), d.productKey(), d.deviceKey(), c.polls.get(), c.good.get(),
                    c.bad.get(), c.lastPoll, !c.availability.isOffline()));
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
    }

    /** Stops polling and closes the connections; what was already handed to the forwarder stays in its log. */
    @Override
    public void close() {
        pollers.values().forEach(ScheduledExecutorService::shutdown);
        for (ScheduledExecutorService poller : pollers.values()) {
            try {
                poller.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connectors.values().forEach(FieldConnector::close);
    }
}
