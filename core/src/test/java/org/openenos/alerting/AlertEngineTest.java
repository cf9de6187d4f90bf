package org.openenos.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.model.DataType;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;
import org.openenos.registry.Page;
import org.openenos.testkit.InMemoryAlertStores;
import org.openenos.testkit.ManualClock;

class AlertEngineTest {
    private static final String ORG = "o1";
    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InMemoryAlertStores stores = new InMemoryAlertStores();
    private final List<String> events = new ArrayList<>();
    private final AlertAssets assets = new AlertAssets() {
        public Optional<AssetFacts> asset(String orgId, String assetId) {
            return Optional.of(new AssetFacts(orgId, assetId, "inv", "/inv", StringI18n.of("Inverter " + assetId),
                    "+08:00", Map.of(), List.of("t1:/site/" + assetId)));
        }

        public Optional<ThingModel> model(String orgId, String modelId) {
            return modelId.equals("inv") ? Optional.of(inverterModel()) : Optional.empty();
        }
    };
    private AlertEngine engine;
    private AlertService service;

    private static ThingModel inverterModel() {
        Map<String, ThingMeasurepoint> points = Map.of(
                "temp", point("temp", DataType.DOUBLE), "power", point("power", DataType.DOUBLE),
                "state", point("state", DataType.ENUM));
        return new ThingModel("inv", "/inv", ORG, StringI18n.of("Inverter"), null, null, null, points, null, null);
    }

    private static ThingMeasurepoint point(String id, DataType type) {
        return new ThingMeasurepoint(id, StringI18n.of(id), null, null, type, null, false, SignalType.AI, null);
    }

    private void start() {
        engine = new AlertEngine(new AlertEngine.Config(2, Duration.ZERO), stores, stores, stores, stores, assets,
                clock, new SimpleMeterRegistry()).start();
        engine.addListener((change, alert, rule) -> events.add(change + ":" + alert.assetId()));
        service = new AlertService(stores, stores, stores, stores, engine, assets, clock);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    private static AlertRule rule(String id, String condition, String recovery, int delay, int noData) {
        return new AlertRule(null, id, StringI18n.of("rule " + id), "inv", "temp", null, null, condition, recovery,
                "major", null, null, Map.of(), true, false, List.of(new AlertRule.Scope("all", null)), delay, noData,
                List.of(), null, null);
    }

    private void severity() {
        stores.save(new CatalogEntry(CatalogEntry.Kind.SEVERITY, ORG, "major", StringI18n.of("Major"), null, null,
                null));
    }

    private void post(String asset, String point, Object value) {
        engine.onValues(List.of(new MeasurePointValue(ORG, "inv", asset, point, clock.millis(), value, null)));
        engine.flush();
    }

    private List<Alert> active() {
        return service.searchActive(new AlertQuery(ORG, null, null, null, null, null, null, null, null, null, null,
                null, 0, 100), Page.Request.first(100)).items();
    }

    @Test
    void valuesReachNoEvaluatorThreadWhileNoRuleExistsAndTheFirstRuleSeesTheNextOnes() {
        severity();
        var meters = new SimpleMeterRegistry();
        engine = new AlertEngine(new AlertEngine.Config(2, Duration.ZERO), stores, stores, stores, stores, assets,
                clock, meters).start();
        service = new AlertService(stores, stores, stores, stores, engine, assets, clock);
        post("a1", "temp", 80.0);
        assertThat(meters.timer("openenos.alerts.evaluation").count()).isZero();

        service.createRule(ORG, rule("hot", "${temp} > 50", "${temp} < 45", 0, 0));
        post("a1", "temp", 90.0);

        assertThat(meters.timer("openenos.alerts.evaluation").count()).isEqualTo(1);
        assertThat(active()).hasSize(1).first().satisfies(a -> assertThat(a.value()).isEqualTo(90.0));
    }

    @Test
    void raisesOneAlertWhileTheConditionHoldsAndRecoversWithHysteresis() {
        severity();
        start();
        service.createRule(ORG, rule("hot", "${temp} > 50", "${temp} < 45", 0, 0));
        post("a1", "temp", 80.0);
        post("a1", "temp", 90.0);
        assertThat(active()).hasSize(1).first().satisfies(a -> {
            assertThat(a.value()).isEqualTo(80.0);
            assertThat(a.severityDesc().defaultValue()).isEqualTo("Major");
            assertThat(a.localOccurTime()).isEqualTo("2025-01-01 08:00:00");
        });
        post("a1", "temp", 48.0);
        assertThat(active()).as("between 45 and 50 the alert stays").hasSize(1);
        post("a1", "temp", 40.0);
        assertThat(active()).isEmpty();
        assertThat(stores.countHistory(new AlertQuery(ORG, "a1", null, null, null, null, null, null, null, null,
                null, null, 0, 10))).isEqualTo(1);
        assertThat(events).containsExactly("RAISED:a1", "RECOVERED:a1");
    }

    @Test
    void firesADelayedRuleOnlyAfterTheConditionHeldForTheWholeDelay() {
        severity();
        start();
        service.createRule(ORG, rule("slow", "${temp} > 50", null, 60, 0));
        post("a1", "temp", 80.0);
        clock.advance(Duration.ofSeconds(30));
        post("a1", "temp", 40.0);
        clock.advance(Duration.ofSeconds(40));
        engine.tick();
        engine.flush();
        assertThat(active()).as("the condition cleared inside the delay").isEmpty();
        post("a1", "temp", 80.0);
        clock.advance(Duration.ofSeconds(59));
        engine.tick();
        engine.flush();
        assertThat(active()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        engine.tick();
        engine.flush();
        assertThat(active()).hasSize(1);
    }

    @Test
    void aRestartInTheMiddleOfADelayNeitherLosesNorDuplicatesTheAlert() {
        severity();
        start();
        service.createRule(ORG, rule("slow", "${temp} > 50", null, 60, 0));
        service.createRule(ORG, rule("fast", "${temp} > 50", null, 0, 0));
        post("a1", "temp", 80.0);
        assertThat(active()).extracting(Alert::hitRuleId).containsExactly("fast");
        clock.advance(Duration.ofSeconds(45));
        engine.close();

        start();
        post("a1", "temp", 81.0);
        assertThat(active()).as("the replayed value does not duplicate").hasSize(1);
        clock.advance(Duration.ofSeconds(15));
        engine.tick();
        engine.flush();
        assertThat(active()).extracting(Alert::hitRuleId).containsExactlyInAnyOrder("fast", "slow");
        post("a1", "temp", 10.0);
        assertThat(active()).as("the restored alerts recover after the restart").isEmpty();
    }

    @Test
    void raisesANoDataAlertWhenAPointStopsReportingAndRecoversWhenItReturns() {
        severity();
        start();
        service.createRule(ORG, rule("silent", null, null, 0, 300));
        post("a1", "temp", 20.0);
        clock.advance(Duration.ofSeconds(299));
        engine.tick();
        engine.flush();
        assertThat(active()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        engine.tick();
        engine.flush();
        assertThat(active()).hasSize(1).first().satisfies(a -> assertThat(a.value()).isNull());
        post("a1", "temp", 21.0);
        assertThat(active()).isEmpty();
    }

    @Test
    void aRuleOverSeveralPointsWaitsForAllOfThem() {
        severity();
        start();
        service.createRule(ORG, rule("both", "${temp} > 50 and ${state} == 'fault'", null, 0, 0));
        post("a1", "temp", 80.0);
        assertThat(active()).isEmpty();
        post("a1", "state", "fault");
        assertThat(active()).hasSize(1);
    }

    @Test
    void aClosedAlertIsNotRaisedAgainUntilTheConditionHasCleared() {
        severity();
        start();
        service.createRule(ORG, rule("hot", "${temp} > 50", null, 0, 0));
        post("a1", "temp", 80.0);
        Alert a = active().getFirst();
        service.acknowledge(ORG, a.eventId(), "on my way");
        assertThat(active().getFirst().ackComment()).isEqualTo("on my way");
        service.close(ORG, a.eventId());
        post("a1", "temp", 85.0);
        assertThat(active()).isEmpty();
        post("a1", "temp", 20.0);
        // a later value: an alert is identified by the value that raised it, and the closed one had this time
        clock.advance(Duration.ofSeconds(1));
        post("a1", "temp", 85.0);
        assertThat(active()).hasSize(1);
    }

    @Test
    void refusesInvalidRulesWithTheFieldAndWhatIsAllowed() {
        severity();
        start();
        assertThatThrownBy(() -> service.createRule(ORG, rule("r", "${x} > 5", null, 0, 0)))
                .hasMessage("condition: unknown point 'x' (model inv has power, state, temp)");
        assertThatThrownBy(() -> service.createRule(ORG, rule("r", "${temp} >", null, 0, 0)))
                .hasMessageStartingWith("condition: unexpected end of condition");
        assertThatThrownBy(() -> service.createRule(ORG, rule("bad id!", "${temp} > 5", null, 0, 0)))
                .hasMessageStartingWith("ruleId:");
        assertThatThrownBy(() -> service.createRule(ORG, rule("r", "${temp} > 5", null, 20_000, 0)))
                .hasMessageStartingWith("triggeringDelayTimer:");
        stores.delete(CatalogEntry.Kind.SEVERITY, ORG, "major");
        assertThatThrownBy(() -> service.createRule(ORG, rule("r", "${temp} > 5", null, 0, 0)))
                .hasMessageContaining("severityId: 'major' does not exist");
        assertThat(stores.list(ORG)).isEmpty();
    }

    @Test
    void anotherOrganizationsValuesNeverHitARule() {
        severity();
        start();
        service.createRule(ORG, rule("hot", "${temp} > 50", null, 0, 0));
        engine.onValues(List.of(new MeasurePointValue("o2", "inv", "a1", "temp", clock.millis(), 99.0, null)));
        engine.flush();
        assertThat(stores.allActive()).isEmpty();
    }

    @Test
    void fillsTheContentTemplateFromTheAlertData() {
        severity();
        stores.save(new CatalogEntry(CatalogEntry.Kind.CONTENT, ORG, "overheat",
                new StringI18n("{assetName} temperature {value} °C", Map.of("zh_CN", "{assetName} 温度 {value} °C")),
                "inv", null, null));
        start();
        AlertRule r = rule("hot", "${temp} > 50", null, 0, 0);
        service.createRule(ORG, new AlertRule(null, r.ruleId(), r.ruleDesc(), r.modelId(), r.measurepointId(), null,
                null, r.condition(), null, "major", null, "overheat", null, true, false, null, 0, 0, null, null, null));
        post("a1", "temp", 80.0);
        assertThat(active().getFirst().contentDesc()).satisfies(c -> {
            assertThat(c.defaultValue()).isEqualTo("Inverter a1 temperature 80 °C");
            assertThat(c.i18nValue()).containsEntry("zh_CN", "Inverter a1 温度 80 °C");
        });
    }
}
