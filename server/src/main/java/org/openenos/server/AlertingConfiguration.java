package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.openenos.alerting.AlertAssets;
import org.openenos.alerting.platform.PlatformAlertAssets;
import org.openenos.alerting.AlertEngine;
import org.openenos.alerting.AlertStage;
import org.openenos.alerting.AlertService;
import org.openenos.alerting.ExternalAlerts;
import org.openenos.alerting.LastValues;
import org.openenos.model.MeasurePointValue;
import org.openenos.alerting.RulePreview;
import org.openenos.alerting.postgres.PostgresModelAssets;
import org.openenos.alerting.notify.AlertNotifier;
import org.openenos.alerting.postgres.PostgresAlertRuleStore;
import org.openenos.alerting.postgres.PostgresAlertStore;
import org.openenos.alerting.postgres.PostgresRuleStateStore;
import org.openenos.registry.AssetService;
import org.openenos.registry.AssetTreeService;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.TelemetrySubscriptions;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesModule;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires alerting: rules and alerts in PostgreSQL, the engine subscribed to stored telemetry. */
@Configuration(proxyBeanMethods = false)
public class AlertingConfiguration {

    @Bean
    PostgresAlertRuleStore alertRuleStore(JdbcClient jdbc) {
        return new PostgresAlertRuleStore(jdbc);
    }

    @Bean
    PostgresAlertStore alertStore(JdbcClient jdbc, TransactionTemplate tx) {
        return new PostgresAlertStore(jdbc, tx);
    }

    @Bean
    PostgresRuleStateStore ruleStateStore(JdbcClient jdbc) {
        return new PostgresRuleStateStore(jdbc);
    }

    @Bean
    AlertAssets alertAssets(AssetService assets, AssetTreeService trees, RegistryDeviceDirectory directory,
                            Clock clock, OpenEnosProperties props) {
        // platform objects (stream jobs, subscription groups) are assets of system models, so rules can watch them
        return new PlatformAlertAssets(new RegistryAlertAssets(assets, trees, directory, clock,
                props.alerting().assetCacheTtl().toMillis()));
    }

    @Bean(destroyMethod = "close")
    AlertEngine alertEngine(OpenEnosProperties props, PostgresAlertRuleStore rules, PostgresAlertStore alerts,
                            PostgresRuleStateStore states, AlertAssets assets, Clock clock, MeterRegistry meters,
                            BusProperties bus) {
        var cfg = props.alerting();
        var engine = new AlertEngine(new AlertEngine.Config(cfg.partitions(), cfg.tickInterval(), cfg.queueCapacity()),
                rules, alerts, states, rules, assets, clock, meters);
        return sharedByNodes(bus) ? engine.startOwningNothing() : engine.start();
    }

    /** Subscribes the engine to stored values; the handle is closed before the engine at shutdown. */
    @Bean
    @ConditionalOnProperty(name = "openenos.bus.type", havingValue = "embedded", matchIfMissing = true)
    DisposableBean alertSubscription(TelemetrySubscriptions subscriptions, AlertEngine engine,
                                     TimeSeriesModule timeSeries) throws Exception {
        engine.deadLettersTo(timeSeries.deadLetters());
        engine.lastValuesFrom(lastValues(timeSeries));
        AutoCloseable handle = subscriptions.subscribe(engine);
        return handle::close;
    }

    /**
     * On Kafka the engine reads the bus as a consumer group of its own across the nodes, each node evaluating the
     * assets of its partitions (ADR 0122); closed before the engine at shutdown.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "openenos.bus.type", havingValue = "kafka")
    AlertStage alertStage(AlertEngine engine, TimeSeriesModule timeSeries, Clock clock, MeterRegistry meters) {
        engine.deadLettersTo(timeSeries.deadLetters());
        engine.lastValuesFrom(lastValues(timeSeries));
        return new AlertStage(timeSeries.bus(), engine,
                new PoisonRecordHandler(AlertStage.GROUP, timeSeries.deadLetters(), clock), meters);
    }

    /** The newest stored value at or before a time, for conditions over several points after a hand-over. */
    private static LastValues lastValues(TimeSeriesModule timeSeries) {
        return (orgId, assetId, pointId, time) -> timeSeries.store()
                .range(new SeriesKey(orgId, assetId, pointId), 0, time + 1, 1, true).stream().findFirst()
                .map(MeasurePointValue::value);
    }

    private static boolean sharedByNodes(BusProperties bus) {
        return bus.type() == BusProperties.Type.KAFKA;
    }

    @Bean
    AlertService alertService(PostgresAlertRuleStore rules, PostgresAlertStore alerts, PostgresRuleStateStore states,
                              AlertEngine engine, AlertAssets assets, Clock clock, AlertNotifier notifier) {
        return new AlertService(rules, rules, alerts, states, engine, assets, clock, notifier.supportedTypes());
    }

    /** Rule previews replay the stored history of the rule's assets through the engine's evaluator. */
    @Bean
    RulePreview rulePreview(JdbcClient jdbc, TimeSeriesModule timeSeries, AlertAssets assets,
                            PostgresAlertRuleStore catalog, MeterRegistry meters) {
        return new RulePreview(new PostgresModelAssets(jdbc), (orgId, assetId, pointId, from, to, limit) ->
                timeSeries.store().range(new SeriesKey(orgId, assetId, pointId), from, to, limit, false),
                assets, catalog, meters);
    }

    @Bean
    ExternalAlerts externalAlerts(PostgresAlertRuleStore rules, PostgresAlertStore alerts, AlertEngine engine,
                                  AlertAssets assets, Clock clock) {
        return new ExternalAlerts(alerts, rules, assets, engine, clock);
    }
}
