package org.openenos.alerting.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertAssets;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.CatalogEntry;
import org.openenos.alerting.CatalogStore;
import org.openenos.model.StringI18n;

/** Builds the alert record of a rule hit: descriptions from the catalog, the content template filled in. */
public final class AlertFactory {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final CatalogStore catalog;
    private final AlertAssets assets;

    public AlertFactory(CatalogStore catalog, AlertAssets assets) {
        this.catalog = catalog;
        this.assets = assets;
    }

    public Alert create(AlertRule rule, String assetId, String modelId, Object value, long occurTime, long now) {
        AlertAssets.AssetFacts facts = assets.asset(rule.orgId(), assetId).orElse(null);
        ZoneId zone = zone(facts == null ? null : facts.timezone());
        String local = LOCAL.format(Instant.ofEpochMilli(occurTime).atZone(zone));
        StringI18n content = null;
        if (rule.contentId() != null) {
            content = catalog.find(CatalogEntry.Kind.CONTENT, rule.orgId(), rule.contentId())
                    .map(CatalogEntry::desc).orElse(null);
            content = ContentTemplate.fill(content, placeholders(rule, assetId, facts, value, local));
        }
        String typeId = rule.typeId();
        if (typeId == null && rule.contentId() != null) {
            typeId = catalog.find(CatalogEntry.Kind.CONTENT, rule.orgId(), rule.contentId())
                    .map(CatalogEntry::typeId).orElse(null);
        }
        return new Alert(eventId(rule, assetId, occurTime), rule.orgId(), assetId, modelId,
                facts == null ? "/" + modelId : facts.modelIdPath(), rule.measurepointId(), rule.ruleId(), value,
                occurTime, local, now, now, rule.severityId(), desc(CatalogEntry.Kind.SEVERITY, rule, rule.severityId()),
                typeId, desc(CatalogEntry.Kind.TYPE, rule, typeId), rule.contentId(), content,
                Alert.SYSTEM_TRIGGERED, rule.tags(), rule.ruleDesc(), facts == null ? List.of() : facts.paths(),
                List.of(), false, null, null, null);
    }

    /**
     * Derived from what raised the alert rather than random, so the same value evaluated again (replayed to another
     * node after a failover) raises the same eventId, which the store refuses once that alert was recovered.
     */
    static String eventId(AlertRule rule, String assetId, long occurTime) {
        String cause = rule.orgId() + '\u0000' + rule.ruleId() + '\u0000' + assetId + '\u0000' + occurTime;
        return UUID.nameUUIDFromBytes(cause.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString()
                .replace("-", "");
    }

    private StringI18n desc(CatalogEntry.Kind kind, AlertRule rule, String id) {
        return id == null ? null : catalog.find(kind, rule.orgId(), id).map(CatalogEntry::desc).orElse(null);
    }

    private static Map<String, String> placeholders(AlertRule rule, String assetId, AlertAssets.AssetFacts facts,
                                                    Object value, String local) {
        Map<String, String> m = new HashMap<>();
        m.put("assetId", assetId);
        m.put("assetName", facts == null || facts.name() == null ? assetId : facts.name().defaultValue());
        m.put("value", value == null ? "" : format(value));
        m.put("pointId", rule.measurepointId() == null ? "" : rule.measurepointId());
        m.put("ruleId", rule.ruleId());
        m.put("occurTime", local);
        if (facts != null) {
            facts.attributes().forEach((k, v) -> m.put("attr." + k, String.valueOf(v)));
        }
        return m;
    }

    /** 80.0 reads as "80", 80.25 as "80.25". */
    private static String format(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return timezone.startsWith("+") || timezone.startsWith("-") ? ZoneOffset.of(timezone)
                    : ZoneId.of(timezone);
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
