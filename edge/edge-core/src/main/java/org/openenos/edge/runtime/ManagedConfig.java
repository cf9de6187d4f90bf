package org.openenos.edge.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import org.openenos.edge.cloud.CloudCommand;
import org.openenos.edge.config.ConfigException;
import org.openenos.edge.config.EdgeConfigLoader;
import org.openenos.edge.config.FieldConfig;
import org.openenos.protocol.ResponseCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud-managed field configuration of this edge (ADR 0059): which pushed version runs, why the last push was
 * refused, and the applied version kept on disk so that a restart runs it instead of the file's field part.
 */
final class ManagedConfig {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedConfig.class);

    private final AppliedConfigStore store;
    private final EdgeConfigLoader loader = new EdgeConfigLoader();
    private final Counter applied;
    private final Counter refused;
    private volatile Long appliedVersion;
    private volatile Long lastPushedVersion;
    private volatile String lastError;

    /** A pushed version, parsed and validated. */
    record Push(long version, String text, FieldConfig field) {
    }

    ManagedConfig(AppliedConfigStore store, MeterRegistry registry) {
        this.store = store;
        this.applied = Counter.builder("edge.config.pushes").tag("outcome", "applied")
                .description("Field configurations pushed from the cloud, by outcome").register(registry);
        this.refused = Counter.builder("edge.config.pushes").tag("outcome", "refused")
                .description("Field configurations pushed from the cloud, by outcome").register(registry);
    }

    /** The field part to start with: the last applied push when there is one, else the file's own. */
    FieldConfig startupField(FieldConfig fromFile) {
        Optional<AppliedConfigStore.Applied> kept = store.load();
        if (kept.isEmpty()) {
            return fromFile;
        }
        try {
            FieldConfig field = loader.parseField(kept.get().text(), "configuration version " + kept.get().version());
            appliedVersion = kept.get().version();
            lastPushedVersion = appliedVersion;
            return field;
        } catch (ConfigException e) {
            // Written only after it was applied once, so this means a newer edge version reads it differently.
            LOG.error("the kept configuration from the cloud cannot be used ({}); running the file's field part",
                    e.getMessage());
            lastError = e.getMessage();
            return fromFile;
        }
    }

    /** Reads {@code version} and {@code config} of a push and validates the text as the cloud did. */
    Push parse(Map<String, Object> params) {
        if (!(params.get("version") instanceof Number version)) {
            throw new IllegalArgumentException("the push names no version");
        }
        lastPushedVersion = version.longValue();
        if (!(params.get("config") instanceof String text)) {
            throw new IllegalArgumentException("the push of version " + version + " carries no configuration text");
        }
        String name = "configuration version " + version.longValue();
        return new Push(version.longValue(), text, loader.parseField(text, name));
    }

    CloudCommand.CommandResult refused(Map<String, Object> params, RuntimeException e) {
        refused.increment();
        lastError = e.getMessage();
        LOG.warn("configuration pushed from the cloud refused, the running one ({}) stays: {}",
                appliedVersion == null ? "the file's" : "version " + appliedVersion, e.getMessage());
        return CloudCommand.CommandResult.error(ResponseCodes.COMMAND_HANDLER_FAILED, e.getMessage());
    }

    void applied(Push push) {
        try {
            store.save(new AppliedConfigStore.Applied(push.version(), push.text()));
        } catch (RuntimeException e) {
            // It runs; only a restart would fall back to the version kept before (or the file's).
            LOG.error("configuration version {} runs but could not be kept for restarts: {}", push.version(),
                    e.getMessage());
        }
        appliedVersion = push.version();
        lastError = null;
        applied.increment();
    }

    Optional<Long> appliedVersion() {
        return Optional.ofNullable(appliedVersion);
    }

    Optional<Long> lastPushedVersion() {
        return Optional.ofNullable(lastPushedVersion);
    }

    Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }
}
