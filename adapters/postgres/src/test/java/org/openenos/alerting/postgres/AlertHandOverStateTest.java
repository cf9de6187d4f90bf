package org.openenos.alerting.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.alerting.AlertAssets;
import org.openenos.alerting.AlertEngine;
import org.openenos.alerting.AlertQuery;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.AlertService;
import org.openenos.alerting.CatalogEntry;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two alert engines sharing one PostgreSQL as two server nodes do (ADR 0122): when an asset moves from one to the
 * other, what the new owner needs beyond active alerts and timers moves with it, and values evaluated before, re-posted
 * or replayed, raise nothing a second time.
 */
class AlertHandOverStateTest {
    private static final String ORG = "o1";
    private static EmbeddedPostgres pg;
    private static JdbcClient jdbc;

    private final Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<AlertEngine> engines = new ArrayList<>();
    /** What the time-series store holds: every value any node was given. */
    private final List<MeasurePointValue> stored = new CopyOnWriteArrayList<>();
    private PostgresAlertRuleStore rules;
    private PostgresAlertStore alerts;
    private PostgresRuleStateStore states;
    private final AlertAssets assets = new AlertAssets() {
        public Optional<AssetFacts> asset(String orgId, String assetId) {
            return Optional.of(new AssetFacts(orgId, assetId, "inv", "/inv", StringI18n.of(assetId), "+08:00",
                    Map.of(), List.of("t1:/site/" + assetId)));
        }

        public Optional<ThingModel> model(String orgId, String modelId) {
            return Optional.empty();
        }
    };

    @BeforeAll
    static void database() throws Exception {
        pg = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("openenos-pg-handover").resolve("postgres")).start();
        Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(pg.getPostgresDatabase());
        jdbc.sql("INSERT INTO organizations (org_id, name, create_time) VALUES (?, ?, now())").params(ORG, ORG)
                .update();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        pg.close();
    }

    @BeforeEach
    void stores() {
        for (String table : List.of("alert_rules", "active_alerts", "history_alerts", "alert_rule_state",
                "alert_rule_marks")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
        rules = new PostgresAlertRuleStore(jdbc);
        alerts = new PostgresAlertStore(jdbc, new TransactionTemplate(
                new DataSourceTransactionManager(pg.getPostgresDatabase())));
        states = new PostgresRuleStateStore(jdbc);
        rules.save(new CatalogEntry(CatalogEntry.Kind.SEVERITY, ORG, "major", StringI18n.of("Major"), null, null,
                null));
    }

    @AfterEach
    void stop() {
        engines.forEach(AlertEngine::close);
    }

    private AlertEngine node(String name) {
        AlertEngine engine = new AlertEngine(new AlertEngine.Config(2, Duration.ZERO), rules, alerts, states, rules,
                assets, clock, new SimpleMeterRegistry()).startOwningNothing();
        engine.lastValuesFrom((orgId, assetId, pointId, time) -> stored.stream()
                .filter(v -> v.orgId().equals(orgId) && v.assetId().equals(assetId) && v.pointId().equals(pointId)
                        && v.time() <= time)
                .max(Comparator.comparingLong(MeasurePointValue::time)).map(MeasurePointValue::value));
        engine.addListener((change, alert, rule) -> events.add(name + ":" + change + ":" + alert.occurTime()));
        engines.add(engine);
        return engine;
    }

    private AlertRule rule(String id, String point, String condition) {
        AlertRule rule = new AlertRule(ORG, id, StringI18n.of("rule " + id), "inv", point, null, null, condition,
                null, "major", null, null, Map.of(), true, false, List.of(new AlertRule.Scope("all", null)), 0, 0,
                List.of(), null, clock.instant());
        rules.save(rule);
        return rule;
    }

    private void evaluate(AlertEngine engine, String point, long time, double value) {
        var v = new MeasurePointValue(ORG, "inv", "x", point, time, value, null);
        stored.add(v);
        engine.onValues(List.of(v));
        engine.flush();
    }

    private static void handOver(AlertEngine from, AlertEngine to) {
        from.release("x"::equals);
        from.owning(asset -> false);
        to.owning("x"::equals);
        to.adopt("x"::equals);
    }

    private long active() {
        return alerts.countActive(query());
    }

    private long history() {
        return alerts.countHistory(query());
    }

    private static AlertQuery query() {
        return new AlertQuery(ORG, "x", null, null, null, null, null, null, null, null, null, null, 0, 100);
    }

    @Test
    void aConditionOverTwoPointsIsEvaluatedOnTheFirstValueTheNewOwnerSees() {
        rule("pair", "a", "${a} > 1 && ${b} < 2");
        AlertEngine b = node("B");
        AlertEngine a = node("A");
        b.owning("x"::equals);
        b.adopt("x"::equals);
        evaluate(b, "a", 1_000, 0);
        evaluate(b, "b", 2_000, 1);
        handOver(b, a);

        evaluate(a, "a", 3_000, 5);

        assertThat(active()).as("raised by A without waiting for b to report again").isEqualTo(1);
        assertThat(events).containsExactly("A:RAISED:3000");
    }

    @Test
    void anAlertClosedThroughAnotherNodeIsNotRaisedAgainByTheNextOwnerWhileItsConditionHolds() {
        rule("hot", "temp", "${temp} > 50");
        AlertEngine b = node("B");
        AlertEngine a = node("A");
        b.owning("x"::equals);
        b.adopt("x"::equals);
        evaluate(b, "temp", 1_000, 80);
        var eventId = alerts.findActiveOf(ORG, "hot", "x").orElseThrow().eventId();
        new AlertService(rules, rules, alerts, states, a, assets, clock).close(ORG, eventId);
        evaluate(b, "temp", 2_000, 85);
        handOver(b, a);

        evaluate(a, "temp", 3_000, 90);
        assertThat(active()).as("the close holds on the new owner while the condition does").isZero();

        evaluate(a, "temp", 4_000, 20);
        evaluate(a, "temp", 5_000, 95);
        assertThat(active()).as("raised again once the condition had cleared").isEqualTo(1);
        assertThat(events).containsExactly("B:RAISED:1000", "A:CLOSED:1000", "A:RAISED:5000");
    }

    @Test
    void theOwnerThatMissedACloseClearsTheStoredLatchWhenTheConditionClears() {
        rule("hot", "temp", "${temp} > 50");
        AlertEngine b = node("B");
        AlertEngine a = node("A");
        b.owning("x"::equals);
        b.adopt("x"::equals);
        evaluate(b, "temp", 1_000, 80);
        var eventId = alerts.findActiveOf(ORG, "hot", "x").orElseThrow().eventId();
        new AlertService(rules, rules, alerts, states, a, assets, clock).close(ORG, eventId);
        evaluate(b, "temp", 2_000, 20);
        handOver(b, a);

        evaluate(a, "temp", 3_000, 90);

        assertThat(active()).as("the condition cleared after the close: a new occurrence is an alert").isEqualTo(1);
    }

    @Test
    void aValueRepostedWithItsTimeAfterItsAlertEndedRaisesNothingAndALaterOneRaisesANewAlert() {
        rule("hot", "temp", "${temp} > 50");
        AlertEngine a = node("A");
        a.owning("x"::equals);
        a.adopt("x"::equals);
        evaluate(a, "temp", 1_000, 80);
        evaluate(a, "temp", 2_000, 20);

        evaluate(a, "temp", 1_000, 80);
        assertThat(active()).as("the re-post belongs to the alert that ended").isZero();

        evaluate(a, "temp", 3_000, 90);
        assertThat(active()).as("a new exceedance is a new alert").isEqualTo(1);
        assertThat(history()).isEqualTo(1);
        assertThat(events).containsExactly("A:RAISED:1000", "A:RECOVERED:1000", "A:RAISED:3000");
    }

    @Test
    void valuesReplayedAfterAFailoverFromTheMiddleOfAnEndedAlertRaiseNoSecondAlert() {
        rule("hot", "temp", "${temp} > 50");
        AlertEngine b = node("B");
        AlertEngine a = node("A");
        b.owning("x"::equals);
        b.adopt("x"::equals);
        evaluate(b, "temp", 1_000, 80);
        // B committed up to here, then evaluated the next two and died before committing them
        evaluate(b, "temp", 2_000, 85);
        evaluate(b, "temp", 3_000, 20);
        handOver(b, a);

        evaluate(a, "temp", 2_000, 85);
        evaluate(a, "temp", 3_000, 20);

        assertThat(active()).isZero();
        assertThat(history()).isEqualTo(1);
        assertThat(events).containsExactly("B:RAISED:1000", "B:RECOVERED:1000");
    }
}
