package org.openenos.edge.opcua;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.RawPointConfig;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.openenos.edge.field.ConnectorStats;
import org.openenos.edge.field.DataType;
import org.openenos.edge.field.FieldConnector;
import org.openenos.edge.field.FieldWriteException;
import org.openenos.edge.field.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPC UA on Eclipse Milo: polled reads in one Read service call per device, monitored items for points marked
 * {@code subscribe}, and writes. A value whose StatusCode is not good becomes a bad sample. Endpoint selection
 * honours the configured security policy and mode; a signed or encrypted channel uses the edge's own application
 * certificate ({@link OpcUaClientIdentity}) and trusts only the server certificates of its trust list
 * ({@link ServerCertificateTrust}). Services may be mapped to method calls (ADR 0054).
 */
public final class OpcUaConnector implements FieldConnector {
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaConnector.class);

    private final ConnectionConfig config;
    private final ConnectorStats stats = new ConnectorStats();
    private final List<Runnable> subscriptions = new ArrayList<>();
    private volatile OpcUaClient client;
    private volatile boolean connected;
    private volatile boolean closed;

    public OpcUaConnector(ConnectionConfig config) {
        this.config = config;
    }

    @Override
    public String connectionId() {
        return config.id();
    }

    @Override
    public void start() {
        // Connecting (endpoint discovery, then the session) can take up to the timeout per step: never block start.
        Thread.ofVirtual().name("opcua-connect-" + config.id()).start(() -> {
            boolean warned = false;
            while (!closed) {
                try {
                    connect();
                    return;
                } catch (Exception e) {
                    if (!warned) {
                        LOG.warn("opc ua {} {} not reachable yet: {}", config.id(), config.endpointUrl(), e.toString());
                        warned = true;
                    }
                }
                if (subscriptions.isEmpty()) {
                    return;     // polls connect on demand; monitored items need a connection to be created on
                }
                sleep(Math.max(1_000, config.timeoutMillis()));
            }
        });
    }

    private synchronized OpcUaClient connect() throws Exception {
        if (client != null && connected) {
            return client;
        }
        String policyUri = SecurityPolicy.valueOf(config.securityPolicy()).getUri();
        MessageSecurityMode mode = MessageSecurityMode.valueOf(config.messageSecurityMode());
        boolean secured = mode != MessageSecurityMode.None;
        Path pki = Path.of(config.pkiDirectory());
        OpcUaClientIdentity identity = secured ? OpcUaClientIdentity.loadOrCreate(pki) : null;
        OpcUaClient c = OpcUaClient.create(config.endpointUrl(),
                endpoints -> endpoints.stream()
                        .filter(e -> policyUri.equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                        .findFirst(),
                transport -> transport.setConnectTimeout(UInteger.valueOf(config.timeoutMillis())),
                builder -> {
                    builder.setApplicationName(LocalizedText.english("OpenEnOS Edge"))
                            .setApplicationUri(OpcUaClientIdentity.APPLICATION_URI)
                            .setRequestTimeout(UInteger.valueOf(config.timeoutMillis()))
                            .setIdentityProvider(config.username() == null ? new AnonymousProvider()
                                    : new UsernameProvider(config.username(), config.password()));
                    if (secured) {
                        // Part 4, 5.6.2: the server checks this certificate; the edge checks the server's one
                        // against its own trust list
                        builder.setKeyPair(identity.keyPair()).setCertificate(identity.certificate())
                                .setCertificateChain(new X509Certificate[] {identity.certificate()})
                                .setCertificateValidator(ServerCertificateTrust.validator(pki));
                    }
                });
        try {
            c.connect();
        } catch (Exception e) {
            // A refused client would otherwise keep retrying in the background with this attempt's trust list,
            // logging every failure; the next connect builds a new one that re-reads trusted/.
            disconnectQuietly(c);
            throw e;
        }
        client = c;
        connected = true;
        subscriptions.forEach(Runnable::run);
        return c;
    }

    @Override
    public Map<String, Sample> read(DeviceConfig device, List<RawPointConfig> points) {
        Map<String, Sample> out = new HashMap<>();
        long time = System.currentTimeMillis();
        stats.requests.incrementAndGet();
        try {
            List<NodeId> nodes = points.stream().map(p -> NodeId.parse(p.nodeId())).toList();
            List<DataValue> values = connect().readValues(0, TimestampsToReturn.Both, nodes);
            for (int i = 0; i < points.size(); i++) {
                out.put(points.get(i).id(), sample(points.get(i), values.get(i), time));
            }
            stats.lastSuccessMillis = time;
        } catch (Exception e) {
            connected = false;
            stats.failedRequests.incrementAndGet();
            stats.lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
            for (RawPointConfig p : points) {
                out.put(p.id(), Sample.bad(time));
            }
        }
        out.values().forEach(s -> (s.isGood() ? stats.goodSamples : stats.badSamples).incrementAndGet());
        return out;
    }

    private static Sample sample(RawPointConfig point, DataValue value, long fallbackTime) {
        long time = value.getSourceTime() != null ? value.getSourceTime().getJavaTime() : fallbackTime;
        Object v = value.getValue() == null ? null : value.getValue().getValue();
        if (value.getStatusCode() == null || !value.getStatusCode().isGood() || v == null) {
            return Sample.bad(time);
        }
        Object normalized = switch (v) {
            case Boolean b -> b;
            case Float f -> (double) f;
            case Double d -> d;
            case Number n -> n.longValue();
            default -> v.toString();
        };
        if (normalized instanceof Number n && (point.scale() != 1.0 || point.offset() != 0.0)) {
            normalized = n.doubleValue() * point.scale() + point.offset();
        }
        return Sample.good(normalized, time);
    }

    /**
     * Monitored items for the points; a server that offers no subscriptions (the create fails) has them polled at
     * their sampling interval instead, delivered the same way.
     */
    @Override
    public boolean subscribe(DeviceConfig device, List<RawPointConfig> points, BiConsumer<String, Sample> sink) {
        Runnable create = () -> {
            try {
                OpcUaSubscription subscription = new OpcUaSubscription(client,
                        points.stream().mapToInt(RawPointConfig::samplingMillis).min().orElse(1000));
                subscription.create();
                for (RawPointConfig p : points) {
                    OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(NodeId.parse(p.nodeId()));
                    item.setSamplingInterval(p.samplingMillis());
                    item.setDataValueListener((i, value) -> sink.accept(p.id(), sample(p, value, System.currentTimeMillis())));
                    subscription.addMonitoredItem(item);
                }
                subscription.synchronizeMonitoredItems();
            } catch (Exception e) {
                LOG.warn("opc ua {} offers no subscription for {} ({}); polling its {} points instead", config.id(),
                        device.id(), e.toString(), points.size());
                pollInstead(device, points, sink);
            }
        };
        subscriptions.add(create);
        if (connected) {
            create.run();
        }
        return true;
    }

    private void pollInstead(DeviceConfig device, List<RawPointConfig> points, BiConsumer<String, Sample> sink) {
        long period = points.stream().mapToInt(RawPointConfig::samplingMillis).min().orElse(1000);
        Thread.ofVirtual().name("opcua-poll-" + config.id() + "-" + device.id()).start(() -> {
            while (!closed) {
                read(device, points).forEach(sink);
                sleep(period);
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletableFuture<Void> write(DeviceConfig device, RawPointConfig point, Object rawValue) {
        stats.writes.incrementAndGet();
        try {
            List<StatusCode> result = connect().writeValues(List.of(NodeId.parse(point.nodeId())),
                    List.of(new DataValue(new Variant(typed(point, rawValue)))));
            StatusCode status = result.getFirst();
            if (!status.isGood()) {
                throw new FieldWriteException("opc ua write of '" + point.id() + "' refused: " + status, null);
            }
            return CompletableFuture.completedFuture(null);
        } catch (FieldWriteException e) {
            stats.failedWrites.incrementAndGet();
            return CompletableFuture.failedFuture(e);
        } catch (Exception e) {
            stats.failedWrites.incrementAndGet();
            return CompletableFuture.failedFuture(new FieldWriteException("opc ua write of '" + point.id() + "' failed: "
                    + e.getMessage(), e));
        }
    }

    @Override
    public CompletableFuture<List<Object>> call(DeviceConfig device, String objectNode, String methodNode,
                                                List<Object> inputs, List<DataType> inputTypes) {
        stats.writes.incrementAndGet();
        try {
            Variant[] arguments = new Variant[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                arguments[i] = new Variant(typed(inputTypes.get(i), inputs.get(i)));
            }
            CallMethodResult result = connect().call(List.of(new CallMethodRequest(NodeId.parse(objectNode),
                    NodeId.parse(methodNode), arguments))).getResults()[0];
            if (!result.getStatusCode().isGood()) {
                throw new FieldWriteException("opc ua method " + methodNode + " refused: " + result.getStatusCode(),
                        null);
            }
            List<Object> outputs = new ArrayList<>();
            if (result.getOutputArguments() != null) {
                for (Variant v : result.getOutputArguments()) {
                    outputs.add(plain(v.getValue()));
                }
            }
            return CompletableFuture.completedFuture(outputs);
        } catch (FieldWriteException e) {
            stats.failedWrites.incrementAndGet();
            return CompletableFuture.failedFuture(e);
        } catch (Exception e) {
            stats.failedWrites.incrementAndGet();
            return CompletableFuture.failedFuture(new FieldWriteException("opc ua method " + methodNode + " failed: "
                    + e.getMessage(), e));
        }
    }

    /** Output values as JSON-friendly Java values: unsigned and small integers widen to long, floats to double. */
    private static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case Boolean b -> b;
            case Float f -> (double) f;
            case Double d -> d;
            case Number n -> n.longValue();
            default -> value.toString();
        };
    }

    /** OPC UA servers check the variant type, so the value is sent in the point's declared type. */
    private static Object typed(RawPointConfig point, Object value) {
        return typed(point.type(), value);
    }

    private static Object typed(DataType type, Object value) {
        if (type != DataType.BOOL && !(value instanceof Number)) {
            throw new IllegalArgumentException("value " + value + " is not a number for type " + type);
        }
        return switch (type) {
            case BOOL -> value instanceof Boolean b ? b : ((Number) value).doubleValue() != 0;
            case INT16 -> ((Number) value).shortValue();
            case INT32 -> ((Number) value).intValue();
            case INT64 -> ((Number) value).longValue();
            case UINT16 -> org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort.valueOf(((Number) value).intValue());
            case UINT32 -> UInteger.valueOf(((Number) value).longValue());
            case FLOAT32 -> ((Number) value).floatValue();
            case FLOAT64 -> ((Number) value).doubleValue();
        };
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public ConnectorStats stats() {
        return stats;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            disconnectQuietly(client);
        }
        connected = false;
    }

    private void disconnectQuietly(OpcUaClient c) {
        try {
            c.disconnect();
        } catch (Exception e) {
            LOG.debug("opc ua {} disconnect: {}", config.id(), e.toString());
        }
    }
}
