package org.openenos.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingModel;
import org.openenos.testkit.InMemoryAlertStores;
import org.openenos.testkit.ManualClock;

/**
 * Two engines sharing the stores as two server nodes do, each evaluating the assets it is given (ADR 0122): an asset
 * moves between them with its state, and a value evaluated again after the move neither raises nor recovers twice.
 */
class AlertEngineOwnershipTest {
    private static final String ORG = "o1";
    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final InMemoryAlertStores stores = new InMemoryAlertStores();
    private final List<String> events = new ArrayList<>();
    private final List<AlertEngine> engines = new ArrayList<>();
    private final AlertAssets assets = new AlertAssets() {
        public Optional<AssetFacts> asset(String orgId, String assetId) {
            return Optional.of(new AssetFacts(orgId, assetId, "inv", "/inv", StringI18n.of(assetId), "+08:00",
                    Map.of(), List.of("t1:/site/" + assetId)));
        }

        public Optional<ThingModel> model(String orgId, String modelId) {
            return Optional.empty();
        }
    };

    private AlertEngine node(String name) {
        AlertEngine engine = new AlertEngine(new AlertEngine.Config(2, Duration.ZERO), stores, stores, stores, stores,
                assets, clock, new SimpleMeterRegistry()).startOwningNothing();
        engine.addListener((change, alert, rule) -> events.add(name + ":" + change + ":" + alert.assetId()));
        engines.add(engine);
        return engine;
    }

    @AfterEach
    void stop() {
        engines.forEach(AlertEngine::close);
    }

    private void rule(String id, String condition, int noData) {
        stores.save(new CatalogEntry(CatalogEntry.Kind.SEVERITY, ORG, "major", StringI18n.of("Major"), null, null,
                null));
        stores.save(new AlertRule(ORG, id, StringI18n.of("rule " + id), "inv", "temp", null, null, condition, null,
                "major", null, null, Map.of(), true, false, List.of(new AlertRule.Scope("all", null)), 0, noData,
                List.of(), null, null));
    }

    private static MeasurePointValue temp(String asset, long time, double value) {
        return new MeasurePointValue(ORG, "inv", asset, "temp", time, value, null);
    }

    private static void evaluate(AlertEngine engine, MeasurePointValue... values) {
        engine.onValues(List.of(values));
        engine.flush();
    }

    private long history(String asset) {
        return stores.countHistory(new AlertQuery(ORG, asset, null, null, null, null, null, null, null, null, null,
                null, 0, 100));
    }

    private long active(String asset) {
        return stores.countActive(new AlertQuery(ORG, asset, null, null, null, null, null, null, null, null, null,
                null, 0, 100));
    }

    @Test
    void theNodeTakingAnAssetInAlarmLoadsItsAlertAndRecoversItOnce() {
        rule("hot", "${temp} > 50", 0);
        AlertEngine a = node("A");
        AlertEngine b = node("B");
        b.adopt("x"::equals);
        evaluate(b, temp("x", 1_000, 80.0));
        b.release("x"::equals);
        a.adopt("x"::equals);

        evaluate(a, temp("x", 1_000, 80.0), temp("x", 2_000, 85.0));
        assertThat(active("x")).as("still the one alert B raised").isEqualTo(1);
        evaluate(a, temp("x", 3_000, 20.0));

        assertThat(active("x")).isZero();
        assertThat(history("x")).isEqualTo(1);
        assertThat(events).containsExactly("B:RAISED:x", "A:RECOVERED:x");
    }

    @Test
    void valuesEvaluatedAgainAfterTheirAlertWasRaisedAndRecoveredChangeNothing() {
        rule("hot", "${temp} > 50", 0);
        AlertEngine b = node("B");
        b.adopt(asset -> true);
        evaluate(b, temp("x", 1_000, 80.0), temp("x", 2_000, 20.0));
        AlertEngine a = node("A");
        a.adopt(asset -> true);

        // B died before committing: A evaluates the same records again
        evaluate(a, temp("x", 1_000, 80.0), temp("x", 2_000, 20.0));

        assertThat(active("x")).isZero();
        assertThat(history("x")).isEqualTo(1);
        assertThat(events).containsExactly("B:RAISED:x", "B:RECOVERED:x");
    }

    @Test
    void aNodeThatDidNotKnowOfAnAlertRaisedElsewhereRecoversTheStoredOne() {
        rule("hot", "${temp} > 50", 0);
        AlertEngine a = node("A");
        AlertEngine b = node("B");
        a.adopt(asset -> true);
        b.adopt(asset -> true);
        evaluate(b, temp("x", 1_000, 80.0));

        evaluate(a, temp("x", 1_500, 90.0));
        evaluate(a, temp("x", 2_000, 20.0));

        assertThat(active("x")).isZero();
        assertThat(history("x")).isEqualTo(1);
        assertThat(events).containsExactly("B:RAISED:x", "A:RECOVERED:x");
    }

    @Test
    void anAssetGivenAwayIsNoLongerWatchedByTheTimersOfTheNodeThatHadIt() {
        rule("silent", null, 60);
        AlertEngine a = node("A");
        a.adopt(asset -> true);
        evaluate(a, temp("x", 1_000, 20.0));
        a.release("x"::equals);

        clock.advance(Duration.ofMinutes(5));
        a.tick();
        a.flush();

        assertThat(active("x")).isZero();
        assertThat(events).isEmpty();
    }
}
