package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Alerts that third-party systems create and tag through the event service, in the shapes of reference §6.2
 * ({@code active-alerts?action=create|batchCreate|updateTags|batchUpdateTags},
 * {@code history-alerts?action=create|updateTags}).
 */
class ExternalAlertsApiTest extends ServerTestBase {
    private static final String EVENTS = "/event-service/v2.1/";

    @Test
    void aThirdPartySystemCreatesActiveAndHistoryAlertsAndTagsThem() {
        Tenant t = newTenant();
        String assetId = device(t);
        var sev = t.app().post(EVENTS + "alert-severities", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("severity", Map.of("severityId", "minor", "severityDesc", Map.of("defaultValue", "Minor"))));
        assertThat(sev.ok()).as(sev.toString()).isTrue();

        var created = t.app().post(EVENTS + "active-alerts", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("alert", Map.of("eventId", "scada-1", "assetId", assetId, "occurTime", 1_700_000_000_000L,
                        "severityId", "minor", "measurepointId", "temp", "value", 71.5,
                        "tag", Map.of("source", "scada"))));
        assertThat(created.ok()).as(created.toString()).isTrue();
        assertThat(created.data().path("severityDesc").path("defaultValue").asString()).isEqualTo("Minor");
        var batch = t.app().post(EVENTS + "active-alerts", Map.of("action", "batchCreate", "orgId", t.orgId()),
                Map.of("alerts", List.of(Map.of("assetId", assetId, "occurTime", 1_700_000_001_000L),
                        Map.of("assetId", assetId, "occurTime", 1_700_000_002_000L))));
        assertThat(batch.ok()).as(batch.toString()).isTrue();
        assertThat(batch.data().size()).isEqualTo(2);
        var active = t.app().post(EVENTS + "active-alerts", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("assetId", assetId));
        assertThat(active.data().findValuesAsString("eventId")).hasSize(3).contains("scada-1");

        var duplicate = t.app().post(EVENTS + "active-alerts", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("alert", Map.of("eventId", "scada-1", "assetId", assetId, "occurTime", 1L)));
        assertThat(duplicate.ok()).isFalse();
        var unknownSeverity = t.app().post(EVENTS + "active-alerts", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("alert", Map.of("assetId", assetId, "occurTime", 1L, "severityId", "nope")));
        assertThat(unknownSeverity.ok()).isFalse();
        assertThat(unknownSeverity.toString()).contains("severityId");

        var tagged = t.app().post(EVENTS + "active-alerts", Map.of("action", "updateTags", "orgId", t.orgId(),
                "eventId", "scada-1"), Map.of("tags", Map.of("ticket", "T-42")));
        assertThat(tagged.ok()).as(tagged.toString()).isTrue();
        assertThat(tagged.data().path("tag").path("ticket").asString()).isEqualTo("T-42");
        var batchTagged = t.app().post(EVENTS + "active-alerts", Map.of("action", "batchUpdateTags", "orgId",
                t.orgId()), Map.of("alerts", List.of(Map.of("eventId", "scada-1", "tags", Map.of("shift", "B")))));
        assertThat(batchTagged.ok()).as(batchTagged.toString()).isTrue();

        var history = t.app().post(EVENTS + "history-alerts", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("alert", Map.of("eventId", "scada-old", "assetId", assetId, "occurTime", 1_600_000_000_000L,
                        "recoverTime", 1_600_000_060_000L)));
        assertThat(history.ok()).as(history.toString()).isTrue();
        var historyTagged = t.app().post(EVENTS + "history-alerts", Map.of("action", "updateTags", "orgId",
                t.orgId(), "eventId", "scada-old"), Map.of("tag", Map.of("reviewed", "yes")));
        assertThat(historyTagged.data().path("tag").path("reviewed").asString()).isEqualTo("yes");
        var searched = t.app().post(EVENTS + "history-alerts", Map.of("action", "search", "orgId", t.orgId()),
                Map.of("assetId", assetId));
        assertThat(searched.data().findValuesAsString("eventId")).contains("scada-old");

        Tenant other = newTenant();
        var foreign = other.app().post(EVENTS + "active-alerts", Map.of("action", "create", "orgId", other.orgId()),
                Map.of("alert", Map.of("assetId", assetId, "occurTime", 1L)));
        assertThat(foreign.ok()).as("an asset of another organization").isFalse();
        var foreignTags = other.app().post(EVENTS + "active-alerts", Map.of("action", "updateTags", "orgId",
                other.orgId(), "eventId", "scada-1"), Map.of("tags", Map.of()));
        assertThat(foreignTags.ok()).isFalse();
    }

    private String device(Tenant t) {
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("ext_alerts"));
        var product = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "productType", "Device", "dataFormat", "Json",
                        "modelId", "ext_alerts"));
        var device = t.app().post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productKey", product.data().asString(), "deviceName", Map.of("defaultValue", "d")));
        assertThat(device.ok()).as(device.toString()).isTrue();
        return device.data().path("assetId").asString();
    }
}
