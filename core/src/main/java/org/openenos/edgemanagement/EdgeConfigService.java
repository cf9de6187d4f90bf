package org.openenos.edgemanagement;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.EdgeReports;
import org.openenos.connectivity.command.CommandPublisher;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edge gateways managed from the cloud (issue 21, ADR 0059): every saved field configuration is a new version
 * (author, time), validated with the edge's own records; a push sends one version to the edge on
 * {@code edge.config.push} and records it as desired; the edge answers with its status report
 * ({@code edge.status.post}: applied version or the refusal, connections, devices, buffer), kept as the gateway's
 * state.
 */
public final class EdgeConfigService implements EdgeReports {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeConfigService.class);
    /** Largest configuration kept: the MQTT push carries it whole, so it stays within a device message's default limit. */
    public static final int MAX_CONFIG_BYTES = 512 * 1024;

    private final EdgeConfigStore store;
    private final FieldConfigValidator validator;
    private final CommandPublisher publisher;
    private final Clock clock;
    private final MessageCodec codec = new MessageCodec();
    private final AtomicLong messageIds = new AtomicLong(System.currentTimeMillis());
    private final Counter saved;
    private final Counter invalid;
    private final Counter pushed;
    private final Counter offline;
    private final Counter reports;

    public EdgeConfigService(EdgeConfigStore store, FieldConfigValidator validator, CommandPublisher publisher,
                             Clock clock, MeterRegistry registry) {
        this.store = store;
        this.validator = validator;
        this.publisher = publisher;
        this.clock = clock;
        this.saved = Counter.builder("openenos.edge.config.saved").description("Edge configuration versions saved")
                .register(registry);
        this.invalid = Counter.builder("openenos.edge.config.invalid")
                .description("Edge configurations refused by validation").register(registry);
        this.pushed = Counter.builder("openenos.edge.config.pushes").tag("outcome", "sent")
                .description("Edge configuration pushes, by outcome").register(registry);
        this.offline = Counter.builder("openenos.edge.config.pushes").tag("outcome", "offline")
                .description("Edge configuration pushes, by outcome").register(registry);
        this.reports = Counter.builder("openenos.edge.status.reports")
                .description("Status reports received from edge gateways").register(registry);
    }

    /** Checks a configuration without keeping it; empty when the edge would accept it. */
    public Optional<String> validate(String content) {
        if (content == null || content.isBlank()) {
            return Optional.of("the configuration is empty");
        }
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_CONFIG_BYTES) {
            return Optional.of("the configuration is larger than " + MAX_CONFIG_BYTES / 1024 + " KiB");
        }
        return validator.problem(content, "config");
    }

    /** Keeps {@code content} as the gateway's next version; refused with the edge's message when invalid. */
    public EdgeConfigVersion save(DeviceRef gateway, String content, String author, String comment) {
        Optional<String> problem = validate(content);
        if (problem.isPresent()) {
            invalid.increment();
            throw new OpenEnosException(ErrorCode.BAD_ARGUMENT, "invalid edge configuration: " + problem.get());
        }
        EdgeConfigVersion version = store.append(gateway.orgId(), gateway.assetId(), content, author, comment,
                clock.instant());
        saved.increment();
        return version;
    }

    public List<EdgeConfigVersion> versions(DeviceRef gateway) {
        return store.versions(gateway.orgId(), gateway.assetId(), false);
    }

    public EdgeConfigVersion version(DeviceRef gateway, long version) {
        return store.version(gateway.orgId(), gateway.assetId(), version).orElseThrow(() ->
                new OpenEnosException(ErrorCode.NOT_FOUND, "no configuration version " + version + " for device "
                        + gateway.deviceKey()));
    }

    /** The newest version, if any was saved. */
    public Optional<EdgeConfigVersion> latest(DeviceRef gateway) {
        return store.versions(gateway.orgId(), gateway.assetId(), false).stream().findFirst()
                .flatMap(v -> store.version(gateway.orgId(), gateway.assetId(), v.version()));
    }

    /**
     * Sends {@code version} to the edge (latest when null). The edge applies it and reports the outcome in its
     * status; refused with 99503 when the gateway is not connected (nothing is recorded then).
     */
    public EdgeConfigVersion push(DeviceRef gateway, Long version) {
        EdgeConfigVersion target = version == null
                ? latest(gateway).orElseThrow(() -> new OpenEnosException(ErrorCode.NOT_FOUND,
                        "no configuration saved for device " + gateway.deviceKey()))
                : version(gateway, version);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("version", target.version());
        params.put("config", target.content());
        DeviceRequest request = new DeviceRequest(Long.toString(messageIds.incrementAndGet()), "1.0",
                TopicKind.EDGE_CONFIG_PUSH.method(null), params);
        boolean sent = publisher.publish(gateway.productKey(), gateway.deviceKey(),
                TopicKind.EDGE_CONFIG_PUSH.topic(gateway.productKey(), gateway.deviceKey()), codec.encode(request));
        if (!sent) {
            offline.increment();
            throw new OpenEnosException(ErrorCode.UNAVAILABLE, "the edge gateway " + gateway.deviceKey()
                    + " is not connected; push again once it is online");
        }
        pushed.increment();
        store.pushed(gateway.orgId(), gateway.assetId(), target.version(), clock.instant());
        LOG.info("edge configuration version {} pushed to {}", target.version(), gateway.key());
        return target;
    }

    public Optional<EdgeGatewayState> state(DeviceRef gateway) {
        return store.state(gateway.orgId(), gateway.assetId());
    }

    @Override
    public void statusReported(DeviceRef gateway, Map<String, Object> status) {
        reports.increment();
        Long applied = status.get("appliedVersion") instanceof Number n ? n.longValue() : null;
        String error = status.get("configError") instanceof String s ? s : null;
        store.reported(gateway.orgId(), gateway.assetId(), applied, error, status, clock.instant());
    }
}
