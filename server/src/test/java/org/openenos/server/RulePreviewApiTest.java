package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.TelemetryIngest;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code alert-rules?action=preview}: a rule replayed over stored history with the engine's evaluator. */
class RulePreviewApiTest extends ServerTestBase {
    private static final long HOUR = 3_600_000;
    private static final long DAY_START = Instant.parse("2024-06-10T00:00:00Z").toEpochMilli();
    /** Hourly temperatures: above 50 from 01:00 to 03:00, below 45 at 04:00, above 50 again only at 05:00. */
    private static final List<Double> TEMPS = List.of(20.0, 60.0, 62.0, 64.0, 40.0, 70.0, 30.0);

    @Autowired
    TelemetryIngest ingest;
    @Autowired
    TimeSeriesModule timeSeries;

    @Test
    void aRuleThatIsNotSavedReportsEveryAlertItWouldHaveRaisedWithItsAssetTimeValueAndRecovery() throws Exception {
        TsdbSite site = siteWithHistory();

        var preview = preview(site, Map.of(), 10);

        assertThat(preview.ok()).as(preview.toString()).isTrue();
        assertThat(preview.data().path("alertCount").asInt()).isEqualTo(2);
        assertThat(preview.data().path("assetCount").asInt()).isEqualTo(1);
        assertThat(preview.data().path("sampleCount").asLong()).isEqualTo(TEMPS.size());
        var first = preview.data().path("alerts").get(0);
        assertThat(first.path("assetId").asString()).isEqualTo(site.assetId());
        assertThat(first.path("assetName").path("defaultValue").asString()).isEqualTo(site.deviceKey());
        assertThat(first.path("occurTime").asLong()).isEqualTo(DAY_START + HOUR);
        assertThat(first.path("value").asDouble()).isEqualTo(60.0);
        assertThat(first.path("recoverTime").asLong()).isEqualTo(DAY_START + 4 * HOUR);
        var second = preview.data().path("alerts").get(1);
        assertThat(second.path("occurTime").asLong()).isEqualTo(DAY_START + 5 * HOUR);
        assertThat(second.path("recoverTime").asLong()).isEqualTo(DAY_START + 6 * HOUR);
        var rules = site.tenant().app().post("/event-service/v2.1/alert-rules",
                Map.of("action", "search", "orgId", site.tenant().orgId()), Map.of());
        assertThat(rules.data()).as("a preview saves nothing").isEmpty();
    }

    @Test
    void aTriggerDelayKeepsOnlyTheViolationThatLastedLongEnoughAndTheListIsCutAtTheLimit() throws Exception {
        TsdbSite site = siteWithHistory();

        var delayed = preview(site, Map.of("triggeringDelayTimer", 7200), 10);
        var limited = preview(site, Map.of(), 1);

        assertThat(delayed.data().path("alertCount").asInt()).as(delayed.toString()).isEqualTo(1);
        // the delay runs out at 03:00, as the engine's timer would find; the alert carries the last violating
        // value before that moment (62 at 02:00), as a live alert does
        var delayedAlert = delayed.data().path("alerts").get(0);
        assertThat(delayedAlert.path("occurTime").asLong()).isEqualTo(DAY_START + 2 * HOUR);
        assertThat(delayedAlert.path("value").asDouble()).isEqualTo(62.0);
        assertThat(delayedAlert.path("recoverTime").asLong()).isEqualTo(DAY_START + 4 * HOUR);
        assertThat(limited.data().path("alertCount").asInt()).isEqualTo(2);
        assertThat(limited.data().path("alerts")).hasSize(1);
    }

    @Test
    void aRuleTheApiWouldRefuseIsRefusedWithTheSameMessage() throws Exception {
        TsdbSite site = siteWithHistory();

        var preview = preview(site, Map.of("condition", "${nope} > 50"), 10);

        assertThat(preview.ok()).isFalse();
        assertThat(preview.body().path("msg").asString()).contains("nope");
    }

    private ApiClient.Response preview(TsdbSite site, Map<String, Object> change, int limit) {
        Map<String, Object> rule = new HashMap<>(Map.of("modelId", "site_" + site.deviceKey().replace('-', '_'),
                "measurepointId", "temp", "condition", "${temp} > 50", "recoveryCondition", "${temp} < 45",
                "severityId", "warning", "isEnabled", true, "scope", List.of(Map.of("treeId", "all"))));
        rule.putAll(change);
        return site.tenant().app().post("/event-service/v2.1/alert-rules",
                Map.of("action", "preview", "orgId", site.tenant().orgId()),
                Map.of("rule", rule, "startTime", DAY_START, "endTime", DAY_START + 24 * HOUR, "limit", limit));
    }

    private TsdbSite siteWithHistory() throws Exception {
        TsdbSite site = TsdbSite.create(newTenant(), "preview-" + UUID.randomUUID().toString().substring(0, 8));
        var batch = new ArrayList<MeasurePointValue>();
        for (int h = 0; h < TEMPS.size(); h++) {
            batch.add(new MeasurePointValue(site.tenant().orgId(), "m", site.assetId(), "temp", DAY_START + h * HOUR,
                    TEMPS.get(h), null));
        }
        ingest.ingest(batch).get();
        assertThat(timeSeries.awaitStored(Duration.ofSeconds(30))).isTrue();
        return site;
    }
}
