package org.openenos.cluster;

import java.util.HashMap;
import java.util.Map;
import org.openenos.alerting.AlertService;
import org.openenos.registry.CacheInvalidation;
import org.openenos.registry.RegistryDeviceDirectory;

/**
 * Keeps every node's caches true: what changes on this node (a device, a product, a model, an alert rule) is told to
 * the other nodes by key, and each forgets or reloads it. A node that misses a message (restarting) starts with empty
 * caches anyway.
 */
public final class CacheSync {
    static final String REGISTRY = "cache.registry";
    static final String RULE = "cache.rule";

    private final Cluster cluster;
    private final RegistryDeviceDirectory directory;
    private final AlertService alerts;

    public CacheSync(Cluster cluster, RegistryDeviceDirectory directory, AlertService alerts) {
        this.cluster = cluster;
        this.directory = directory;
        this.alerts = alerts;
        cluster.on(REGISTRY, this::registryChanged);
        cluster.on(RULE, message -> alerts.reloadRule(message.text("org"), message.text("rule")));
    }

    public CacheSync attach() {
        directory.addInvalidationListener(this::tell);
        if (alerts != null) {
            alerts.addRuleChangeListener((orgId, ruleId) -> cluster.broadcast(RULE, Map.of("org", orgId,
                    "rule", ruleId)));
        }
        return this;
    }

    private void tell(CacheInvalidation invalidation) {
        Map<String, Object> body = new HashMap<>();
        switch (invalidation) {
            case CacheInvalidation.Device d -> body.put("device", d.assetId());
            case CacheInvalidation.Product p -> body.put("product", p.productKey());
            case CacheInvalidation.Models m -> body.put("models", true);
        }
        cluster.broadcast(REGISTRY, body);
    }

    private void registryChanged(ClusterMessage message) {
        if (message.text("device") != null) {
            directory.invalidate(new CacheInvalidation.Device(message.text("device")));
        }
        if (message.text("product") != null) {
            directory.invalidate(new CacheInvalidation.Product(message.text("product")));
        }
        if (message.body().containsKey("models")) {
            directory.invalidate(new CacheInvalidation.Models());
        }
    }
}
