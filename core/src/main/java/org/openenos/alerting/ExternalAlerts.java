package org.openenos.alerting;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.StringI18n;

/**
 * Alerts that come from outside the rule engine (third-party systems) and tag changes on any alert. An external
 * alert is checked like everything else an organization writes: its asset must belong to the organization, and the
 * severity, type and content it names must be in the organization's catalog; their descriptions are filled in as
 * for a rule's alert. Raised alerts go to the engine's listeners (notifications, subscriptions) like any other.
 */
public final class ExternalAlerts {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int MAX_TAGS = 50;
    private final AlertStore alerts;
    private final CatalogStore catalog;
    private final AlertAssets assets;
    private final AlertEngine engine;
    private final Clock clock;

    public ExternalAlerts(AlertStore alerts, CatalogStore catalog, AlertAssets assets, AlertEngine engine,
                          Clock clock) {
        this.alerts = alerts;
        this.catalog = catalog;
        this.assets = assets;
        this.engine = engine;
        this.clock = clock;
    }

    public Alert createActive(String orgId, ExternalAlert input) {
        Alert alert = build(orgId, input, false);
        if (!alerts.insertActive(alert)) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "eventId: alert '" + alert.eventId() + "' exists already");
        }
        engine.notify(AlertListener.Change.RAISED, alert, null);
        return alert;
    }

    public Alert createHistory(String orgId, ExternalAlert input) {
        Alert alert = build(orgId, input, true);
        if (!alerts.insertHistory(alert)) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "eventId: alert '" + alert.eventId() + "' exists already");
        }
        return alert;
    }

    /** Replaces the tags of an active alert (or, with {@code history}, of a history alert). */
    public Alert updateTags(String orgId, String eventId, Map<String, String> tags, boolean history) {
        checkTags(tags);
        Alert current = (history ? alerts.findHistory(orgId, eventId) : alerts.findActive(orgId, eventId))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND,
                        (history ? "history" : "active") + " alert " + eventId));
        Alert tagged = current.withTags(tags, clock.millis());
        if (history) {
            alerts.updateHistory(tagged);
        } else {
            alerts.updateActive(tagged);
        }
        return tagged;
    }

    private Alert build(String orgId, ExternalAlert in, boolean history) {
        if (in.assetId() == null || in.assetId().isBlank()) {
            throw OpenEnosException.badArgument("assetId is required");
        }
        if (in.occurTime() == null || in.occurTime() <= 0) {
            throw OpenEnosException.badArgument("occurTime: epoch milliseconds are required");
        }
        if (in.eventId() != null && (in.eventId().isBlank() || in.eventId().length() > 64)) {
            throw OpenEnosException.badArgument("eventId: 1 to 64 characters");
        }
        if (history && (in.recoverTime() == null || in.recoverTime() < in.occurTime())) {
            throw OpenEnosException.badArgument("recoverTime: required for a history alert, not before occurTime");
        }
        checkTags(in.tag());
        AlertAssets.AssetFacts asset = assets.asset(orgId, in.assetId())
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "asset " + in.assetId()));
        ZoneId zone = zone(asset.timezone());
        long now = clock.millis();
        String typeId = in.typeId();
        if (typeId == null && in.contentId() != null) {
            typeId = entry(CatalogEntry.Kind.CONTENT, orgId, in.contentId()).typeId();
        }
        Alert alert = new Alert(in.eventId() != null ? in.eventId() : UUID.randomUUID().toString().replace("-", ""),
                orgId, asset.assetId(), asset.modelId(), asset.modelIdPath(), in.measurepointId(), null, in.value(),
                in.occurTime(), LOCAL.format(Instant.ofEpochMilli(in.occurTime()).atZone(zone)), now, now,
                in.severityId(), desc(CatalogEntry.Kind.SEVERITY, orgId, in.severityId()), typeId,
                desc(CatalogEntry.Kind.TYPE, orgId, typeId), in.contentId(),
                desc(CatalogEntry.Kind.CONTENT, orgId, in.contentId()), Alert.SYSTEM_TRIGGERED, in.tag(), null,
                asset.paths(), List.of(), false, null, null, null);
        return history ? alert.recovered(Alert.API_RECOVERED, in.recoverTime(), in.recoverValue()) : alert;
    }

    private StringI18n desc(CatalogEntry.Kind kind, String orgId, String id) {
        return id == null ? null : entry(kind, orgId, id).desc();
    }

    private CatalogEntry entry(CatalogEntry.Kind kind, String orgId, String id) {
        return catalog.find(kind, orgId, id).orElseThrow(() -> OpenEnosException.badArgument(
                kind.name().toLowerCase(java.util.Locale.ROOT) + "Id: '" + id + "' is not in the catalog"));
    }

    private static void checkTags(Map<String, String> tags) {
        if (tags != null && tags.size() > MAX_TAGS) {
            throw OpenEnosException.badArgument("tags: at most " + MAX_TAGS);
        }
    }

    private static ZoneId zone(String timezone) {
        try {
            return timezone == null || timezone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timezone);
        } catch (java.time.DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
