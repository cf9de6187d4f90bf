package org.openenos.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.model.DataType;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingDatapoint;
import org.openenos.model.ThingEvent;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;
import org.openenos.registry.Page;
import org.openenos.testkit.Await;
import org.openenos.testkit.InMemoryAlertStores;
import org.openenos.testkit.ManualClock;

/** Device status and device events as triggers, rules on parent models, and masking below root alerts. */
class AlertTriggersAndMaskingTest {
    private static final String ORG = "o1";
    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InMemoryAlertStores stores = new InMemoryAlertStores();
    /** Tree t1: site → inv1, inv2. */
    private final Map<String, List<String>> paths = Map.of("site", List.of("t1:/site"),
            "inv1", List.of("t1:/site/inv1"), "inv2", List.of("t1:/site/inv2"), "other", List.of("t1:/other"));
    private final AlertAssets assets = new AlertAssets() {
        public Optional<AssetFacts> asset(String orgId, String assetId) {
            return Optional.of(new AssetFacts(orgId, assetId, "inv", "/base/inv", StringI18n.of(assetId), "+00:00",
                    Map.of(), paths.getOrDefault(assetId, List.of())));
        }

        public Optional<ThingModel> model(String orgId, String modelId) {
            return switch (modelId) {
                case "base" -> Optional.of(thingModel("base", "/base", Map.of()));
                case "inv" -> Optional.of(thingModel("inv", "/base/inv", Map.of("overheat", event(
                        ThingEvent.EventType.ERROR), "boot", event(ThingEvent.EventType.INFO))));
                default -> Optional.empty();
            };
        }
    };
    private AlertEngine engine;
    private AlertService service;

    private static ThingModel thingModel(String id, String path, Map<String, ThingEvent> events) {
        Map<String, ThingMeasurepoint> points = Map.of("temp", point("temp"), "power", point("power"));
        return new ThingModel(id, path, ORG, StringI18n.of(id), null, null, null, points, null, events);
    }

    private static ThingMeasurepoint point(String id) {
        return new ThingMeasurepoint(id, StringI18n.of(id), null, null, DataType.DOUBLE, null, false, SignalType.AI,
                null);
    }

    private static ThingEvent event(ThingEvent.EventType type) {
        return new ThingEvent("e", StringI18n.of("e"), null, null, List.of(new ThingDatapoint("code",
                StringI18n.of("code"), null, null, DataType.INT, null, null)), type);
    }

    @BeforeEach
    void start() {
        stores.save(new CatalogEntry(CatalogEntry.Kind.SEVERITY, ORG, "major", StringI18n.of("Major"), null, null,
                null));
        engine = new AlertEngine(new AlertEngine.Config(2, Duration.ZERO), stores, stores, stores, stores, assets,
                clock, new SimpleMeterRegistry()).start();
        service = new AlertService(stores, stores, stores, stores, engine, assets, clock);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static AlertRule rule(String id, String model, String point, String status, String event,
                                  String condition, boolean root, int delay) {
        return new AlertRule(null, id, StringI18n.of(id), model, point, status, event, condition, null, "major", null,
                null, Map.of(), true, root, null, delay, 0, List.of(), null, null);
    }

    private void post(String asset, String point, double value) {
        engine.onValues(List.of(new MeasurePointValue(ORG, "inv", asset, point, clock.millis(), value, null)));
        engine.flush();
    }

    private List<Alert> active(Boolean rootOnly) {
        return service.searchActive(new AlertQuery(ORG, null, null, null, null, null, null, null, null, null, null,
                rootOnly, 0, 100), Page.Request.first(100)).items();
    }

    private Alert activeOn(String asset) {
        return active(null).stream().filter(a -> a.assetId().equals(asset)).findFirst().orElseThrow();
    }

    @Test
    void aDeviceThatStaysOfflineForTheDelayRaisesAnAlertThatRecoversWhenItComesBack() {
        service.createRule(ORG, rule("down", "inv", null, "offline", null, null, false, 60));
        engine.onDeviceStatus(ORG, "inv", "inv1", false, clock.millis());
        engine.flush();
        clock.advance(Duration.ofSeconds(59));
        engine.tick();
        engine.flush();
        assertThat(active(null)).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        engine.tick();
        engine.flush();
        assertThat(activeOn("inv1").value()).isEqualTo("offline");
        engine.onDeviceStatus(ORG, "inv", "inv1", true, clock.millis());
        engine.flush();
        assertThat(active(null)).isEmpty();
    }

    @Test
    void anErrorEventNamedByARuleRaisesOneAlertWhenItsConditionHolds() {
        service.createRule(ORG, rule("hotEvent", "inv", null, null, "overheat", "${code} >= 3", false, 0));
        engine.onDeviceEvent(ORG, "inv", "inv1", "overheat", Map.of("code", 1), clock.millis());
        engine.flush();
        assertThat(active(null)).isEmpty();
        engine.onDeviceEvent(ORG, "inv", "inv1", "overheat", Map.of("code", 5), clock.millis());
        engine.onDeviceEvent(ORG, "inv", "inv1", "overheat", Map.of("code", 7), clock.millis());
        engine.flush();
        assertThat(active(null)).singleElement().satisfies(a -> assertThat(a.value()).isEqualTo(Map.of("code", 5)));
    }

    @Test
    void anEventRepostedAfterItsAlertWasClosedRaisesNothingAndALaterEventRaisesANewAlert() {
        service.createRule(ORG, rule("hotEvent", "inv", null, null, "overheat", "${code} >= 3", false, 0));
        long first = clock.millis();
        engine.onDeviceEvent(ORG, "inv", "inv1", "overheat", Map.of("code", 5), first);
        engine.flush();
        service.close(ORG, activeOn("inv1").eventId());

        engine.onDeviceEvent(ORG, "inv", "inv1", "overheat", Map.of("code", 5), first);
        engine.flush();
        assertThat(active(null)).as("the same event again is the alert that was closed").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        engine.onDeviceEvent(ORG, "inv", "inv1", "overheat", Map.of("code", 6), clock.millis());
        engine.flush();
        assertThat(activeOn("inv1").value()).isEqualTo(Map.of("code", 6));
    }

    @Test
    void eventAndStatusRulesAreRefusedWhenTheyNameWhatTheModelDoesNotHave() {
        assertThatThrownBy(() -> service.createRule(ORG, rule("x", "inv", null, null, "boot", null, false, 0)))
                .hasMessage("eventId: 'boot' is an INFO event; only WARN and ERROR events raise alerts");
        assertThatThrownBy(() -> service.createRule(ORG, rule("x", "inv", null, "sleeping", null, null, false, 0)))
                .hasMessage("deviceStatus: 'offline' or 'online', not 'sleeping'");
        assertThatThrownBy(() -> service.createRule(ORG, rule("x", "inv", "temp", "offline", null, "${temp} > 1",
                false, 0))).hasMessage("measurepointId: exactly one of measurepointId, deviceStatus and eventId is"
                + " required");
    }

    @Test
    void aRuleOnAParentModelWatchesAssetsOfModelsThatInheritFromIt() {
        service.createRule(ORG, rule("baseHot", "base", "temp", null, null, "${temp} > 50", false, 0));
        post("inv1", "temp", 80);
        assertThat(activeOn("inv1").hitRuleId()).isEqualTo("baseHot");
    }

    @Test
    void anActiveRootAlertMasksAlertsBelowItsAssetUntilItRecovers() throws Exception {
        service.createRule(ORG, rule("siteDown", "inv", "power", null, null, "${power} < 1", true, 0));
        service.createRule(ORG, rule("hot", "inv", "temp", null, null, "${temp} > 50", false, 0));
        post("inv2", "temp", 80);
        post("other", "temp", 80);
        post("site", "power", 0);
        String root = activeOn("site").eventId();
        post("inv1", "temp", 90);

        assertThat(activeOn("inv1").maskedBy()).containsExactly(root);
        awaitMasks("inv2", List.of(root));
        assertThat(activeOn("other").maskedBy()).isEmpty();
        assertThat(active(true)).extracting(Alert::assetId).containsExactlyInAnyOrder("site", "other");
        assertThat(service.searchActive(new AlertQuery(ORG, null, null, null, null, null, null, null, "t1", "site",
                false, null, 0, 100), Page.Request.first(100)).items()).extracting(Alert::assetId)
                .containsExactly("site");

        post("site", "power", 5);
        awaitMasks("inv1", List.of());
        awaitMasks("inv2", List.of());
    }

    /** Masks of alerts that were already active are updated in the background. */
    private void awaitMasks(String asset, List<String> expected) {
        Await.atMost(Duration.ofSeconds(5)).pollingEvery(Duration.ofMillis(10)).until("masks " + expected, () -> {
            engine.flush();
            return activeOn(asset).maskedBy().equals(expected);
        });
        assertThat(activeOn(asset).maskedBy()).isEqualTo(expected);
    }
}
