package org.openenos.alerting.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openenos.model.MeasurePointValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code interval}, reads the platform objects (stream jobs, subscription consumer groups) and hands their
 * numbers to the alert engine as measure point values of their system assets: alert rules on lag need no rule kind
 * of their own, only the engine they already have (ADR 0072). The values are not stored: Prometheus keeps their
 * history.
 */
public final class PlatformMetricsSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformMetricsSampler.class);
    private final List<PlatformMetricSource> sources;
    private final PlatformAlertAssets assets;
    private final Consumer<List<MeasurePointValue>> alerts;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public PlatformMetricsSampler(List<PlatformMetricSource> sources, PlatformAlertAssets assets,
                                  Consumer<List<MeasurePointValue>> alerts, Clock clock) {
        this.sources = List.copyOf(sources);
        this.assets = assets;
        this.alerts = alerts;
        this.clock = clock;
    }

    public synchronized PlatformMetricsSampler start(Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("platform-metrics")
                .daemon().unstarted(r));
        timer.scheduleWithFixedDelay(this::sampleQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("platform metrics could not be sampled", e);
        }
    }

    /** One round: every source read, every number handed to the alert engine; returns the values handed over. */
    public List<MeasurePointValue> sample() {
        long now = clock.millis();
        var values = new ArrayList<MeasurePointValue>();
        for (PlatformMetricSource source : sources) {
            List<PlatformSample> samples;
            try {
                samples = source.sample();
            } catch (RuntimeException e) {
                // one source failing must not hide the others
                LOG.warn("platform metric source {} failed", source, e);
                continue;
            }
            for (PlatformSample s : samples) {
                assets.seen(s, now);
                s.points().forEach((point, value) -> values.add(new MeasurePointValue(s.orgId(), s.modelId(),
                        s.assetId(), point, now, value, null)));
            }
        }
        assets.forgetStale(now);
        if (!values.isEmpty()) {
            alerts.accept(values);
        }
        return values;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
