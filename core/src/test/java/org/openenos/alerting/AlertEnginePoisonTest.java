package org.openenos.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openenos.model.DataType;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.SignalType;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;
import org.openenos.registry.Page;
import org.openenos.telemetry.DeadLetter;
import org.openenos.testkit.InMemoryAlertStores;
import org.openenos.testkit.ManualClock;

/** A value the rule evaluation fails on costs neither the values after it nor the evaluator its thread. */
class AlertEnginePoisonTest {
    private static final String ORG = "o1";
    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InMemoryAlertStores stores = new InMemoryAlertStores();
    private final List<DeadLetter> letters = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Model look-ups fail for the model "broken", as a registry that cannot read one model would. */
    private final AlertAssets assets = new AlertAssets() {
        public Optional<AssetFacts> asset(String orgId, String assetId) {
            return Optional.of(new AssetFacts(orgId, assetId, "inv", "/inv", StringI18n.of(assetId), "+00:00",
                    Map.of(), List.of()));
        }

        public Optional<ThingModel> model(String orgId, String modelId) {
            if (modelId.equals("broken")) {
                throw new IllegalStateException("model broken cannot be read");
            }
            var temp = new ThingMeasurepoint("temp", StringI18n.of("temp"), null, null, DataType.DOUBLE, null, false,
                    SignalType.AI, null);
            return Optional.of(new ThingModel("inv", "/inv", ORG, StringI18n.of("Inverter"), null, null, null,
                    Map.of("temp", temp), null, null));
        }
    };

    @Test
    void valuesAfterOneTheEvaluationFailsOnAreStillEvaluated() {
        stores.save(new CatalogEntry(CatalogEntry.Kind.SEVERITY, ORG, "major", StringI18n.of("Major"), null, null,
                null));
        var meters = new SimpleMeterRegistry();
        try (var engine = new AlertEngine(new AlertEngine.Config(1, Duration.ZERO), stores, stores, stores, stores,
                assets, clock, meters).start()) {
            engine.deadLettersTo(new org.openenos.telemetry.DeadLetters() {
                public void add(DeadLetter letter) {
                    letters.add(letter);
                }

                public List<DeadLetter> readAll() {
                    return letters;
                }

                public long count() {
                    return letters.size();
                }
            });
            var service = new AlertService(stores, stores, stores, stores, engine, assets, clock);
            service.createRule(ORG, new AlertRule(null, "hot", StringI18n.of("hot"), "inv", "temp", null, null,
                    "${temp} > 50", "${temp} < 45", "major", null, null, Map.of(), true, false,
                    List.of(new AlertRule.Scope("all", null)), 0, 0, List.of(), null, null));

            long t = clock.millis();
            engine.onValues(List.of(new MeasurePointValue(ORG, "inv", "a1", "temp", t, 80.0, null),
                    new MeasurePointValue(ORG, "broken", "a2", "temp", t, 80.0, null),
                    new MeasurePointValue(ORG, "inv", "a3", "temp", t, 90.0, null)));
            engine.flush();
            engine.onValues(List.of(new MeasurePointValue(ORG, "inv", "a4", "temp", t, 70.0, null)));
            engine.flush();

            var active = service.searchActive(new AlertQuery(ORG, null, null, null, null, null, null, null, null,
                    null, null, null, 0, 100), Page.Request.first(100)).items();
            assertThat(active).extracting(Alert::assetId).containsExactlyInAnyOrder("a1", "a3", "a4");
            assertThat(letters).singleElement().satisfies(l -> {
                assertThat(l.reason()).isEqualTo("evaluation-failed");
                assertThat(l.values()).extracting(MeasurePointValue::assetId).containsExactly("a2");
            });
            assertThat(meters.counter("openenos.alerts.poison.values").count()).isEqualTo(1);
        }
    }
}
