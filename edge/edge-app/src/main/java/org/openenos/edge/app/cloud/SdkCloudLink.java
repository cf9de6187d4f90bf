package org.openenos.edge.app.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.cloud.CloudRefusedException;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.CloudConfig;
import org.openenos.edge.config.GatewayConfig;
import org.openenos.protocol.TopicKind;
import org.openenos.sdk.Command;
import org.openenos.sdk.CommandException;
import org.openenos.sdk.DeviceClient;
import org.openenos.sdk.DeviceClientOptions;
import org.openenos.sdk.DeviceId;
import org.openenos.sdk.DeviceRequestException;
import org.openenos.sdk.Login;
import org.openenos.sdk.MeasurepointItem;
import org.openenos.sdk.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CloudLink} on the project's device SDK (ADR 0052): one SDK client per connect, with the SDK's own
 * reconnect switched off because the edge's {@code CloudSession} drives reconnects and sub-device logins. Dynamic
 * activation, request/reply matching, command replies and TLS all come from the SDK.
 */
public final class SdkCloudLink implements CloudLink {
    private static final Logger LOG = LoggerFactory.getLogger(SdkCloudLink.class);
    /** EnOS allows at most 200 sub-devices per combine.login.batch (reference §3.1). */
    private static final int LOGIN_CHUNK = 200;
    private static final Executor PREPARE = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("edge-cloud-prepare-", 0).factory());

    private final CloudConfig cloud;
    private final GatewayConfig gateway;
    private final GatewayCredentials credentials;
    private final CloudTransport transport;
    private volatile DeviceClient client;
    private volatile Listener listener;
    private final List<ClientHook> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Extra handling on each SDK client of the gateway (self-upgrade): before it connects, and once it has. */
    public interface ClientHook {
        void created(DeviceClient client);

        void connected(DeviceClient client);
    }

    public void addClientHook(ClientHook hook) {
        hooks.add(hook);
    }

    public SdkCloudLink(CloudConfig cloud, GatewayConfig gateway, GatewayCredentials credentials,
                        CloudTransport transport) {
        this.cloud = cloud;
        this.gateway = gateway;
        this.credentials = credentials;
        this.transport = transport;
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Prepares the transport off the caller's thread (provisioning may call the cloud), then logs in. */
    @Override
    public CompletableFuture<Void> connect() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return transport.prepare();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, PREPARE).thenCompose(this::connect);
    }

    private synchronized CompletableFuture<Void> connect(CloudTransport.Target target) {
        close();
        DeviceClientOptions options = DeviceClientOptions.of(target.uri())
                .withReconnect(false, Duration.ofMillis(cloud.reconnectMinMillis()),
                        Duration.ofMillis(cloud.reconnectMaxMillis()))
                .withReplyTimeout(Duration.ofMillis(cloud.requestTimeoutMillis()))
                .withMaxInflight(1000);
        if (target.socketFactory() != null) {
            options = options.withTls(target.socketFactory());
        }
        DeviceClient next = DeviceClient.create(options, login());
        next.onCommand(TopicKind.MEASUREPOINT_SET, command -> handle(command, CloudCommand.Kind.SET_MEASUREPOINT));
        next.onCommand(TopicKind.SERVICE_INVOKE, command -> handle(command, CloudCommand.Kind.INVOKE_SERVICE));
        next.onCommand(TopicKind.EDGE_CONFIG_PUSH, command -> handle(command, CloudCommand.Kind.APPLY_CONFIG));
        next.onConnectionLost(cause -> {
            Listener l = listener;
            if (l != null && client == next) {
                l.disconnected(cause);
            }
        });
        hooks.forEach(h -> h.created(next));
        client = next;
        return next.connect().thenRun(() -> {
            LOG.info("gateway {} connected to {}", gateway.deviceKey(), target.uri());
            hooks.forEach(h -> h.connected(next));
            Listener l = listener;
            if (l != null) {
                l.connected();
            }
        });
    }

    /** Securemode 2 with the device secret; without one, dynamic activation (§1.3) stores the pushed secret. */
    private Login login() {
        String secret = credentials.deviceSecret();
        if (secret != null) {
            return new Login.Secret(gateway.productKey(), gateway.deviceKey(), secret);
        }
        return new Login.DynamicActivation(gateway.productKey(), gateway.deviceKey(), gateway.productSecret(),
                new SecretStore() {
                    @Override
                    public Optional<String> load(String productKey, String deviceKey) {
                        return Optional.ofNullable(credentials.deviceSecret());
                    }

                    @Override
                    public void save(String productKey, String deviceKey, String deviceSecret) {
                        credentials.store(deviceSecret);
                    }
                });
    }

    /** Runs on an SDK worker (a virtual thread), so waiting for the field device's answer here is fine. */
    private Object handle(Command command, CloudCommand.Kind kind) throws Exception {
        Listener l = listener;
        if (l == null) {
            throw new CommandException(1101, "edge not ready");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        if (command.params() instanceof Map<?, ?> map) {
            map.forEach((k, v) -> params.put(String.valueOf(k), v));
        }
        CompletableFuture<CloudCommand.CommandResult> result = new CompletableFuture<>();
        l.command(new CloudCommand(command.device().productKey(), command.device().deviceKey(), kind,
                command.serviceId(), params, result::complete));
        CloudCommand.CommandResult answer = result.get(cloud.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        if (answer.code() != 200) {
            throw new CommandException(answer.code(), answer.message());
        }
        return answer.data();
    }

    @Override
    public boolean isConnected() {
        DeviceClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public CompletableFuture<Void> addTopology(List<SubDevice> devices) {
        return with(c -> c.gateway().addTopo(devices.stream().map(SdkCloudLink::sdk).toList()));
    }

    @Override
    public CompletableFuture<Map<SubDevice, String>> loginSubDevices(List<SubDevice> devices) {
        return with(c -> loginSubDevices(c, devices));
    }

    private static CompletableFuture<Map<SubDevice, String>> loginSubDevices(DeviceClient c, List<SubDevice> devices) {
        Map<SubDevice, String> refused = new ConcurrentHashMap<>();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (int from = 0; from < devices.size(); from += LOGIN_CHUNK) {
            List<SubDevice> chunk = devices.subList(from, Math.min(devices.size(), from + LOGIN_CHUNK));
            all = all.thenCompose(ok -> c.gateway().loginBatch(chunk.stream().map(SdkCloudLink::sdk).toList())
                    .thenAccept(result -> {
                        if (result.loggedIn().isEmpty() && result.failed().isEmpty() && result.code() != 200) {
                            throw new IllegalStateException("combine.login.batch refused: " + result.code() + " "
                                    + result.message());
                        }
                        for (DeviceId failed : result.failed()) {
                            chunk.stream().filter(d -> d.productKey().equals(failed.productKey())
                                    && d.deviceKey().equals(failed.deviceKey())).findFirst()
                                    .ifPresent(d -> refused.put(d, result.code() + " " + result.message()));
                        }
                    }));
        }
        return all.thenApply(ok -> Map.copyOf(refused));
    }

    @Override
    public CompletableFuture<Map<String, String>> measurepointTypes(SubDevice device) {
        return with(c -> c.call(TopicKind.TSL_TEMPLATE_GET, new DeviceId(device.productKey(), device.deviceKey()),
                null, Map.of()).thenApply(SdkCloudLink::types));
    }

    /** {@code {tslMeasurepointMap: {id: {dataType, …}}}} → id to data type. */
    private static Map<String, String> types(Object data) {
        Map<String, String> types = new LinkedHashMap<>();
        if (data instanceof Map<?, ?> tsl && tsl.get("tslMeasurepointMap") instanceof Map<?, ?> points) {
            points.forEach((id, point) -> {
                if (point instanceof Map<?, ?> p && p.get("dataType") != null) {
                    types.put(String.valueOf(id), String.valueOf(p.get("dataType")));
                }
            });
        }
        return types;
    }

    @Override
    public CompletableFuture<Void> logoutSubDevice(SubDevice device) {
        return with(c -> c.gateway().logout(new DeviceId(device.productKey(), device.deviceKey())));
    }

    /**
     * The Java SDK's wrapped batch form: {@code skipInvalidMeasurepoints} keeps one failed read (sent with bad
     * quality and no value) from failing the batch of every other device, and {@code allowOfflineSubDevice} lets
     * the bad-quality values of a device in outage (logged out, so offline in the cloud) be stored as well.
     */
    @Override
    public CompletableFuture<Void> postMeasurepoints(List<UploadItem> items) {
        return with(c -> c.postMeasurepointBatch(sdk(items), true, true));
    }

    @Override
    public CompletableFuture<Void> resumeMeasurepoints(List<UploadItem> items) {
        return with(c -> c.resumeMeasurepointBatch(sdk(items), true, true));
    }

    @Override
    public CompletableFuture<Void> postEvent(SubDevice device, String eventId, Map<String, Object> outputs, long time) {
        return with(c -> c.postEvent(new DeviceId(device.productKey(), device.deviceKey()), eventId, outputs, time));
    }

    @Override
    public CompletableFuture<Void> postStatus(Map<String, Object> status) {
        return with(c -> c.call(TopicKind.EDGE_STATUS_POST, c.id(), null, status).thenApply(ok -> null));
    }

    /** Runs a request on the current client; never throws, so that callers always get a future to react to. */
    private <T> CompletableFuture<T> with(java.util.function.Function<DeviceClient, CompletableFuture<T>> request) {
        DeviceClient c = client;
        if (c == null || !c.isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        try {
            return request.apply(c).handle((result, error) -> {
                if (error == null) {
                    return result;
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                // The cloud's reply code travels as the edge's own type, so that the core can log it.
                throw cause instanceof DeviceRequestException refused
                        ? new CloudRefusedException(refused.code(),
                                refused.getMessage().replaceFirst("^request failed with code -?\\d+: ", ""))
                        : error instanceof CompletionException ce ? ce : new CompletionException(error);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static org.openenos.sdk.SubDevice sdk(SubDevice d) {
        return new org.openenos.sdk.SubDevice(d.productKey(), d.deviceKey(), d.deviceSecret());
    }

    private static List<MeasurepointItem> sdk(List<UploadItem> items) {
        List<MeasurepointItem> out = new ArrayList<>(items.size());
        for (UploadItem item : items) {
            out.add(new MeasurepointItem(new DeviceId(item.productKey(), item.deviceKey()), item.time(),
                    item.measurepoints()));
        }
        return out;
    }

    @Override
    public synchronized void close() {
        DeviceClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }
}
