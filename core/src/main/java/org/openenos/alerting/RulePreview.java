package org.openenos.alerting;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.alerting.internal.AlertFactory;
import org.openenos.alerting.internal.CompiledRule;
import org.openenos.alerting.internal.MaskIndex;
import org.openenos.alerting.internal.RuleEvaluator;
import org.openenos.alerting.internal.RuleIndex;
import org.openenos.error.OpenEnosException;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.StringI18n;

/**
 * "How often would this rule have fired": runs a rule that need not be saved through the engine's own evaluator
 * ({@link RuleEvaluator}, with its conditions, trigger delays and recoveries) over the stored history of the rule's
 * assets, on a clock that follows the samples, and collects the alerts it would have raised. Nothing is stored and
 * nobody is notified: the evaluator gets a store that only counts. Measure-point and no-data rules can be previewed;
 * device-status and event rules depend on history the time-series store does not keep.
 */
public final class RulePreview {
    /** Assets of a model and of models inheriting it, at most {@code limit}. */
    public interface ModelAssets {
        List<String> assetsOfModel(String orgId, String modelId, int limit);
    }

    /** Stored values of one point of one asset with {@code from <= time < to}, ascending, at most {@code limit}. */
    public interface History {
        List<MeasurePointValue> range(String orgId, String assetId, String pointId, long from, long to, int limit);
    }

    /** One alert the rule would have raised; {@code recoverTime} null when it would still be active at the end. */
    public record Hit(String assetId, StringI18n assetName, long occurTime, Object value, Long recoverTime) {
    }

    /**
     * @param truncated more assets or samples than a preview reads: the figures cover part of the window
     */
    public record Result(long from, long to, int assets, long samples, int alerts, List<Hit> first,
                         boolean truncated) {
    }

    static final int MAX_ASSETS = 200;
    static final int MAX_SAMPLES_PER_SERIES = 200_000;

    private final ModelAssets modelAssets;
    private final History history;
    private final AlertAssets assets;
    private final CatalogStore catalog;
    private final io.micrometer.core.instrument.Timer duration;
    private final io.micrometer.core.instrument.Counter replayed;

    public RulePreview(ModelAssets modelAssets, History history, AlertAssets assets, CatalogStore catalog,
                       io.micrometer.core.instrument.MeterRegistry meters) {
        this.modelAssets = modelAssets;
        this.history = history;
        this.assets = assets;
        this.catalog = catalog;
        this.duration = io.micrometer.core.instrument.Timer.builder("openenos.alerting.preview.duration")
                .description("time to replay a rule over stored history for a preview").register(meters);
        this.replayed = io.micrometer.core.instrument.Counter.builder("openenos.alerting.preview.samples")
                .description("stored values replayed by rule previews").register(meters);
    }

    /** Validates the rule as creating it would, then replays {@code [from, to)} and keeps the first {@code limit}. */
    public Result preview(String orgId, AlertRule input, long from, long to, int limit) {
        long started = System.nanoTime();
        Result result = replay(orgId, input, from, to, limit);
        duration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        replayed.increment(result.samples());
        return result;
    }

    private Result replay(String orgId, AlertRule input, long from, long to, int limit) {
        if (to <= from) {
            throw OpenEnosException.badArgument("endTime: must be after startTime");
        }
        AlertRule rule = previewable(orgId, input);
        new RuleValidator(assets, catalog, Set.of()).validate(rule);
        if (!blank(rule.deviceStatus()) || !blank(rule.eventId())) {
            throw OpenEnosException.badArgument("rule: a preview replays measure point history; device status and "
                    + "event rules cannot be previewed");
        }
        CompiledRule compiled = CompiledRule.compile(rule);
        List<String> assetIds = modelAssets.assetsOfModel(orgId, rule.modelId(), MAX_ASSETS + 1);
        boolean truncated = assetIds.size() > MAX_ASSETS;
        List<Hit> hits = new ArrayList<>();
        long samples = 0;
        int evaluated = 0;
        for (String assetId : assetIds.subList(0, Math.min(assetIds.size(), MAX_ASSETS))) {
            AlertAssets.AssetFacts facts = assets.asset(orgId, assetId).orElse(null);
            if (facts == null) {
                continue;
            }
            Replay replay = new Replay(compiled, facts);
            List<MeasurePointValue> values = new ArrayList<>();
            for (String point : compiled.points()) {
                List<MeasurePointValue> read = history.range(orgId, assetId, point, from, to,
                        MAX_SAMPLES_PER_SERIES + 1);
                truncated |= read.size() > MAX_SAMPLES_PER_SERIES;
                values.addAll(read.subList(0, Math.min(read.size(), MAX_SAMPLES_PER_SERIES)));
            }
            if (values.isEmpty()) {
                continue;
            }
            evaluated++;
            samples += values.size();
            values.sort(Comparator.comparingLong(MeasurePointValue::time));
            hits.addAll(replay.run(values, to));
        }
        hits.sort(Comparator.comparingLong(Hit::occurTime));
        return new Result(from, to, evaluated, samples, hits.size(),
                List.copyOf(hits.subList(0, Math.min(hits.size(), Math.max(0, limit)))), truncated);
    }

    /** A rule being written may lack an id or description yet; actions never run in a preview. */
    private static AlertRule previewable(String orgId, AlertRule in) {
        String ruleId = blank(in.ruleId()) ? "preview" : in.ruleId();
        StringI18n desc = in.ruleDesc() == null || in.ruleDesc().defaultValue() == null
                ? new StringI18n("preview", Map.of()) : in.ruleDesc();
        return new AlertRule(orgId, ruleId, desc, in.modelId(), in.measurepointId(), in.deviceStatus(),
                in.eventId(), in.condition(), in.recoveryCondition(), in.severityId(), in.typeId(), in.contentId(),
                in.tags(), true, false, in.scope(), in.triggeringDelayTimer(), in.noDataTimer(), List.of(), null,
                Instant.EPOCH);
    }

    /** One asset's replay: a fresh evaluator whose clock is the time of the sample being evaluated. */
    private final class Replay {
        private final AlertAssets.AssetFacts facts;
        private final SampleClock clock = new SampleClock();
        private final Map<String, Hit> raised = new HashMap<>();
        private final List<String> order = new ArrayList<>();
        private final RuleEvaluator evaluator;

        Replay(CompiledRule rule, AlertAssets.AssetFacts facts) {
            this.facts = facts;
            RuleEvaluator.Sink sink = (change, alert, r) -> {
                if (change == AlertListener.Change.RAISED) {
                    raised.put(alert.eventId(), new Hit(alert.assetId(), facts.name(), alert.occurTime(),
                            alert.value(), null));
                    order.add(alert.eventId());
                } else if (change == AlertListener.Change.RECOVERED) {
                    raised.computeIfPresent(alert.eventId(), (id, h) -> new Hit(h.assetId(), h.assetName(),
                            h.occurTime(), h.value(), alert.recoverTime()));
                }
            };
            RuleIndex index = RuleIndex.of(List.of(rule));
            this.evaluator = new RuleEvaluator(() -> index, new CountingAlertStore(), new NoRuleState(),
                    new AlertFactory(catalog, assets), assets, clock, new MaskIndex(), sink);
        }

        List<Hit> run(List<MeasurePointValue> values, long end) {
            for (MeasurePointValue v : values) {
                clock.now = v.time();
                evaluator.tick();
                // Stored values may not carry the model; the rule index is looked up by the asset's model.
                evaluator.onValues(List.of(new MeasurePointValue(v.orgId() == null ? facts.orgId() : v.orgId(),
                        facts.modelId(), facts.assetId(), v.pointId(), v.time(), v.value(), v.quality())));
            }
            clock.now = end;
            evaluator.tick();
            return order.stream().map(raised::get).toList();
        }
    }

    private static final class SampleClock extends Clock {
        long now;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }
    }

    /** Accepts every alert and remembers nothing: the preview keeps what it needs from the sink. */
    private static final class CountingAlertStore implements AlertStore {
        @Override
        public boolean insertActive(Alert alert) {
            return true;
        }

        @Override
        public java.util.Optional<Alert> findActive(String orgId, String eventId) {
            return java.util.Optional.empty();
        }

        @Override
        public List<Alert> allActive() {
            return List.of();
        }

        @Override
        public boolean recover(Alert recovered) {
            return true;
        }

        @Override
        public void updateActive(Alert alert) {
        }

        @Override
        public boolean deleteActive(String orgId, String eventId) {
            return false;
        }

        @Override
        public boolean insertHistory(Alert alert) {
            return false;
        }

        @Override
        public java.util.Optional<Alert> findHistory(String orgId, String eventId) {
            return java.util.Optional.empty();
        }

        @Override
        public void updateHistory(Alert alert) {
        }

        @Override
        public List<Alert> searchActive(AlertQuery query) {
            return List.of();
        }

        @Override
        public long countActive(AlertQuery query) {
            return 0;
        }

        @Override
        public List<Alert> searchHistory(AlertQuery query) {
            return List.of();
        }

        @Override
        public long countHistory(AlertQuery query) {
            return 0;
        }

        @Override
        public Map<String, Long> aggregateActive(AlertQuery query, String groupByField) {
            return Map.of();
        }
    }

    private static final class NoRuleState implements RuleStateStore {
        @Override
        public void save(State state) {
        }

        @Override
        public void delete(String orgId, String ruleId, String assetId) {
        }

        @Override
        public void deleteRule(String orgId, String ruleId) {
        }

        @Override
        public List<State> allStates() {
            return List.of();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
