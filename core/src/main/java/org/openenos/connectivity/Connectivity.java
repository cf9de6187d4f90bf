package org.openenos.connectivity;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.openenos.connectivity.command.CommandPublisher;
import org.openenos.connectivity.command.CommandService;
import org.openenos.connectivity.command.DeviceCommandService;
import org.openenos.connectivity.integration.IntegrationService;
import org.openenos.connectivity.upstream.UpstreamHandlers;
import org.openenos.registry.DeviceDirectory;
import org.openenos.telemetry.TelemetryIngest;

/**
 * The device-connectivity context wired once and shared by every device transport (MQTT, HTTP) and by the REST
 * layer, which reaches devices through {@link #commands()}. Commands are delivered over whichever transport link
 * the device's session holds.
 */
public final class Connectivity implements AutoCloseable {
    private final DeviceSessionRegistry sessions;
    private final LoginService login;
    private final UpstreamRouter router;
    private final DeviceCommandService commands;
    private final ScheduledExecutorService scheduler;
    private final CommandPublisher publisher;
    private final CommandPublisher localPublisher;
    private final IntegrationService integration;
    private volatile FirmwareUpdates firmware = FirmwareUpdates.NONE;
    private volatile EdgeReports edgeReports = EdgeReports.NONE;
    private volatile RemoteDevices remote = RemoteDevices.NONE;
    /** Null until custom-format products are supported (the parsing scripts attached). */
    private volatile org.openenos.connectivity.raw.RawPayloads raw;
    private final DeviceDirectory directory;

    public Connectivity(DeviceDirectory directory, TelemetryIngest ingest, DeviceEventSink events, Clock clock) {
        this(directory, ingest, ConnectivityOptions.defaults().withEvents(events), clock);
    }

    public Connectivity(DeviceDirectory directory, TelemetryIngest ingest, ConnectivityOptions options, Clock clock) {
        this.directory = directory;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("connectivity-timer").factory());
        DeviceEventSink events = options.events();
        this.sessions = new DeviceSessionRegistry(directory, clock, options.connectionEvents(),
                options.maxSubDevicesPerGateway());
        this.login = new LoginService(directory, clock, options.certificates());
        this.localPublisher = (productKey, deviceKey, topic, payload) -> sessions.linkTo(productKey, deviceKey)
                .map(link -> {
                    link.send(topic, payload);
                    return true;
                }).orElse(false);
        // a device not connected here may be connected to another node of a cluster (none on a single node)
        this.publisher = (productKey, deviceKey, topic, payload) ->
                localPublisher.publish(productKey, deviceKey, topic, payload)
                        || remote.publish(productKey, deviceKey, topic, payload);
        // commands for a custom-format product leave encoded by its parsing script, on down_raw
        CommandPublisher commandPublisher = (productKey, deviceKey, topic, payload) -> {
            var rawPayloads = raw;
            if (rawPayloads == null) {
                return publisher.publish(productKey, deviceKey, topic, payload);
            }
            var outgoing = rawPayloads.downlink(productKey, deviceKey, topic, payload);
            return publisher.publish(productKey, deviceKey, outgoing.topic(), outgoing.payload());
        };
        this.commands = new DeviceCommandService(directory, sessions, commandPublisher, options.commands(), clock,
                scheduler, options.commandIdPrefix());
        ConnectivityPorts ports = new ConnectivityPorts(directory, ingest, events, sessions, clock,
                options.deviceLogs());
        // one integration service for the MQTT channel and the HTTP integration API
        this.integration = new IntegrationService(ports);
        this.router = new UpstreamRouter(UpstreamHandlers.standard(ports, () -> firmware, integration,
                        () -> edgeReports),
                (device, route, reply) -> {
            commands.onReply(device, route, reply);
            remote.replied(device, route, reply);
        });
    }

    public Connectivity(DeviceDirectory directory, TelemetryIngest ingest) {
        this(directory, ingest, DeviceEventSink.LOGGING, Clock.systemUTC());
    }

    public DeviceSessionRegistry sessions() {
        return sessions;
    }

    public LoginService login() {
        return login;
    }

    public UpstreamRouter router() {
        return router;
    }

    public CommandService commands() {
        return commands;
    }

    /** Delivers the commands waiting on this node for a device that came online on another node of a cluster. */
    public void deliverPending(String productKey, String deviceKey) {
        commands.deliverPending(productKey, deviceKey);
    }

    /** Data that third-party systems push for many devices at once (the HTTP integration API). */
    public IntegrationService integration() {
        return integration;
    }

    /** Timers shared by the context (command time-outs, HTTP session expiry). */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Pushes a message to a connected device over its transport; false when it is offline. */
    public CommandPublisher publisher() {
        return publisher;
    }

    /** A device connected to another node answered a command this node sent (forwarded by the cluster). */
    public void replyFromRemote(DeviceRef device, org.openenos.protocol.TopicRoute route,
                                org.openenos.protocol.DeviceReply reply) {
        commands.onReply(device, route, reply);
    }

    /** Pushes a message to a device connected to this node only; false when it is not connected here. */
    public CommandPublisher localPublisher() {
        return localPublisher;
    }

    /** Lets a cluster reach devices connected to other nodes; a single node never calls this. */
    public void attachRemoteDevices(RemoteDevices devices) {
        this.remote = devices;
    }

    /** Lets custom-format products use their parsing scripts on the raw topics (reference §2 "Raw topics"). */
    public void attachProductScripts(org.openenos.connectivity.raw.ProductScripts scripts) {
        this.raw = new org.openenos.connectivity.raw.RawPayloads(scripts, directory, router);
    }

    /** The raw-topic conversions, or null while no parsing scripts are attached. */
    public org.openenos.connectivity.raw.RawPayloads raw() {
        return raw;
    }

    /** Lets the OTA context answer the firmware topics ({@code ota.device.*}); until then they are acknowledged. */
    public void attachFirmwareUpdates(FirmwareUpdates updates) {
        this.firmware = updates;
    }

    /** Lets the edge management context hear the status edges report ({@code edge.status.post}). */
    public void attachEdgeReports(EdgeReports reports) {
        this.edgeReports = reports;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
