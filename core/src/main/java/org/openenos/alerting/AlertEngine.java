package org.openenos.alerting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openenos.alerting.internal.AlertFactory;
import org.openenos.alerting.internal.CompiledRule;
import org.openenos.alerting.internal.MaskIndex;
import org.openenos.alerting.internal.PartitionQueue;
import org.openenos.alerting.internal.RuleEvaluator;
import org.openenos.alerting.internal.RuleIndex;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.DeadLetters;
import org.openenos.telemetry.PoisonIsolation;
import org.openenos.telemetry.PoisonRecordHandler;
import org.openenos.telemetry.Telemetry;
import org.openenos.telemetry.TelemetryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates alert rules over the stream of stored values. Assets are spread over {@code partitions} single-threaded
 * evaluators by hash, so the state of one (rule, asset) is only ever touched by one thread and values of one asset are
 * evaluated in order. The telemetry thread only hands batches over; a timer drives trigger delays and no-data rules.
 * Each partition's queue is bounded: when evaluation falls behind, the hand-over waits (back-pressure on the storage
 * stage) rather than dropping values or growing without limit (ADR 0025).
 */
public final class AlertEngine implements TelemetryListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

    /**
     * {@code tickInterval} zero leaves the timers to explicit {@link #tick()} calls (tests with a manual clock).
     * {@code queueCapacity} bounds the batches waiting per partition; a full queue makes the caller wait.
     */
    public record Config(int partitions, Duration tickInterval, int queueCapacity) {
        public static final Config DEFAULTS = new Config(2, Duration.ofSeconds(1));

        public Config(int partitions, Duration tickInterval) {
            this(partitions, tickInterval, 256);
        }

        public Config {
            if (partitions < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("partitions and queueCapacity must be at least 1");
            }
        }
    }

    private final AlertRuleStore rules;
    private final AlertStore alerts;
    private final RuleStateStore states;
    private final List<RuleEvaluator> evaluators = new ArrayList<>();
    private final List<PartitionQueue> threads = new ArrayList<>();
    private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final Counter raised;
    private final Counter recovered;
    private final Counter poisonValues;
    private final Counter lastValueReads;
    private final Clock clock;
    private volatile PoisonRecordHandler poison;
    private final Timer evaluation;
    private volatile RuleIndex index = RuleIndex.EMPTY;
    /** The assets this node evaluates: all of them, unless the bus shares them between nodes. */
    private volatile Predicate<String> owned = assetId -> true;
    /** Whether other nodes evaluate assets too, so stored state may be newer than this node's. */
    private volatile boolean shared;
    private final MaskIndex masks = new MaskIndex();
    private volatile LastValues lastValues = LastValues.NONE;
    /** Masks alerts of other partitions off the evaluator threads, so two full partitions never wait on each other. */
    private final ExecutorService masking = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("alert-mask").factory());

    public AlertEngine(Config config, AlertRuleStore rules, AlertStore alerts, RuleStateStore states,
                       CatalogStore catalog, AlertAssets assets, Clock clock, MeterRegistry meters) {
        this.rules = rules;
        this.alerts = alerts;
        this.states = states;
        AlertFactory factory = new AlertFactory(catalog, assets);
        for (int p = 0; p < config.partitions(); p++) {
            evaluators.add(new RuleEvaluator(() -> index, alerts, states, factory, assets, clock, masks, this::emit,
                    () -> lastValues));
            int n = p;
            threads.add(new PartitionQueue("alert-eval-" + n, config.queueCapacity()));
        }
        this.raised = meters.counter("openenos.alerts.raised");
        this.recovered = meters.counter("openenos.alerts.recovered");
        this.poisonValues = meters.counter("openenos.alerts.poison.values");
        this.lastValueReads = meters.counter("openenos.alerts.last.value.reads");
        this.clock = clock;
        this.poison = new PoisonRecordHandler("alert-engine", Telemetry.countedDeadLetters(), clock);
        this.evaluation = meters.timer("openenos.alerts.evaluation");
        meters.gauge("openenos.alerts.rules", this, e -> e.index.size());
        meters.gauge("openenos.alerts.queue.depth", threads, q -> q.stream().mapToInt(PartitionQueue::depth).sum());
        FunctionCounter.builder("openenos.alerts.queue.waits", threads,
                        q -> q.stream().mapToLong(PartitionQueue::blockedTimes).sum())
                .description("hand-overs that waited for a full evaluator queue (back-pressure)").register(meters);
        FunctionCounter.builder("openenos.alerts.queue.wait.seconds", threads,
                        q -> q.stream().mapToLong(PartitionQueue::blockedNanos).sum() / 1e9)
                .description("time the storage stage spent waiting for the evaluators").register(meters);
        this.timer = config.tickInterval().isZero() ? null : Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("alert-timer").unstarted(r));
        if (timer != null) {
            long ms = config.tickInterval().toMillis();
            timer.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Loads rules, active alerts and pending state; call once before values flow. */
    public AlertEngine start() {
        loadRules();
        adopt(assetId -> true);
        LOG.info("alert engine started with {} rules", index.size());
        return this;
    }

    /**
     * Loads the rules and the root alerts that mask others, but no evaluation state: the assets are given to this node
     * later, partition by partition, with {@link #adopt} (several nodes sharing the assets, ADR 0122).
     */
    public AlertEngine startOwningNothing() {
        shared = true;
        owned = assetId -> false;
        loadRules();
        for (Alert a : alerts.allActive()) {
            CompiledRule r = index.rule(a.orgId(), a.hitRuleId());
            if (r != null && r.rule().isRoot()) {
                masks.addRoot(a);
            }
        }
        LOG.info("alert engine started with {} rules, evaluating no asset until some are given to it", index.size());
        return this;
    }

    private void loadRules() {
        List<CompiledRule> compiled = new ArrayList<>();
        for (AlertRule r : rules.allRules()) {
            try {
                compiled.add(CompiledRule.compile(r));
            } catch (RuntimeException e) {
                LOG.warn("alert rule {}/{} cannot be compiled and is skipped: {}", r.orgId(), r.ruleId(),
                        e.getMessage());
            }
        }
        index = RuleIndex.of(compiled);
    }

    /**
     * This node evaluates the assets matching {@code assetIds} from now on: their active alerts, pending trigger
     * delays, no-data clocks, close latches and the ends of their last alerts are loaded from the stores, so the first value evaluated sees the state the previous
     * owner left. Returns once the state is in place.
     */
    public void adopt(Predicate<String> assetIds) {
        List<CompletableFuture<Void>> loading = new ArrayList<>();
        int count = 0;
        for (Alert a : alerts.allActive()) {
            if (assetIds.test(a.assetId())) {
                loading.add(run(a.assetId(), e -> e.restoreActive(a)));
                count++;
                CompiledRule r = index.rule(a.orgId(), a.hitRuleId());
                if (r != null && r.rule().isRoot()) {
                    masks.addRoot(a);
                }
            }
        }
        for (RuleStateStore.State s : states.allStates()) {
            if (assetIds.test(s.assetId())) {
                loading.add(run(s.assetId(), e -> e.restoreState(s)));
            }
        }
        for (RuleStateStore.Mark m : states.allMarks()) {
            if (assetIds.test(m.assetId())) {
                loading.add(run(m.assetId(), e -> e.restoreMark(m)));
            }
        }
        CompletableFuture.allOf(loading.toArray(CompletableFuture[]::new)).join();
        LOG.debug("alert engine adopted assets with {} active alerts", count);
    }

    /** Which assets this node evaluates now (those of the bus partitions it reads), for statuses and events. */
    public void owning(Predicate<String> assetIds) {
        owned = assetIds;
    }

    /**
     * Another node evaluates the assets matching {@code assetIds} from now on: every state of theirs is dropped here,
     * so no timer of this node raises or recovers their alerts any more. Waits for evaluations handed over before.
     */
    public void release(Predicate<String> assetIds) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int p = 0; p < evaluators.size(); p++) {
            RuleEvaluator e = evaluators.get(p);
            all.add(CompletableFuture.runAsync(() -> e.release(assetIds), threads.get(p)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    public void addListener(AlertListener listener) {
        listeners.add(listener);
    }

    @Override
    public void onValues(List<MeasurePointValue> values) {
        if (index.size() == 0) {
            return; // no rule takes a value: nothing to hand to the evaluator threads
        }
        if (evaluators.size() == 1) {
            submit(0, values);
            return;
        }
        List<List<MeasurePointValue>> parts = new ArrayList<>();
        for (int p = 0; p < evaluators.size(); p++) {
            parts.add(new ArrayList<>());
        }
        for (MeasurePointValue v : values) {
            parts.get(partition(v.assetId())).add(v);
        }
        for (int p = 0; p < parts.size(); p++) {
            if (!parts.get(p).isEmpty()) {
                submit(p, parts.get(p));
            }
        }
    }

    /**
     * A device went online or offline: evaluated like a value of the status pseudo point, so deviceStatus rules get
     * trigger delays, persistence and recovery from the same state machine.
     */
    public void onDeviceStatus(String orgId, String modelId, String assetId, boolean online, long time) {
        var status = List.of(new MeasurePointValue(orgId, modelId, assetId, CompiledRule.STATUS_POINT,
                time, online ? "online" : "offline", null));
        if (shared) {
            fromStores(orgId, assetId, e -> e.onValues(status));
        } else {
            submit(partition(assetId), status);
        }
    }

    /** A device posted an event of its model; rules that name it may raise an alert. */
    public void onDeviceEvent(String orgId, String modelId, String assetId, String eventId,
                              java.util.Map<String, Object> outputs, long time) {
        if (shared) {
            fromStores(orgId, assetId, e -> e.onEvent(orgId, modelId, assetId, eventId, outputs, time));
        } else {
            run(assetId, e -> e.onEvent(orgId, modelId, assetId, eventId, outputs, time));
        }
    }

    /*
     * Statuses and events come from the device's connection, not from the bus, so with several nodes they reach the
     * node holding the connection, which need not be the one evaluating the asset's values. The asset's stored state
     * is read first, so raising and recovering follow what is stored; an asset this node does not evaluate is
     * forgotten again after the evaluation.
     */
    private void fromStores(String orgId, String assetId, java.util.function.Consumer<RuleEvaluator> evaluation) {
        run(assetId, e -> {
            try {
                alerts.activeOfAsset(orgId, assetId).forEach(e::restoreActive);
                states.statesOf(orgId, assetId).forEach(e::restoreState);
                states.marksOf(orgId, assetId).forEach(e::restoreMark);
                evaluation.accept(e);
            } catch (RuntimeException ex) {
                LOG.warn("could not evaluate the status or event of asset {}: {}", assetId, ex.getMessage());
            } finally {
                if (!owned.test(assetId)) {
                    e.release(assetId::equals);
                }
            }
        });
    }

    /** Conditions over several points read the values they have not seen yet from here (the time-series store). */
    public void lastValuesFrom(LastValues values) {
        this.lastValues = (orgId, assetId, pointId, time) -> {
            lastValueReads.increment();
            return values.atOrBefore(orgId, assetId, pointId, time);
        };
    }

    /** Values the evaluators fail on are kept here (the pipeline's dead letters in the server). */
    public void deadLettersTo(DeadLetters deadLetters) {
        this.poison = new PoisonRecordHandler("alert-engine", deadLetters, clock);
    }

    private void submit(int p, List<MeasurePointValue> values) {
        threads.get(p).execute(() -> {
            long t0 = System.nanoTime();
            try {
                evaluators.get(p).onValues(values);
            } catch (RuntimeException e) {
                isolatePoison(evaluators.get(p), values);
            }
            evaluation.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        });
    }

    /*
     * A value the evaluator fails on must not cost the values after it their evaluation (nor the partition thread):
     * the batch is split until the failing values are isolated, and they go to the dead letters. Values evaluated
     * before the failure are evaluated again, which raising and recovering tolerate (they are idempotent per rule
     * and asset, as for values replayed after a crash).
     */
    private void isolatePoison(RuleEvaluator evaluator, List<MeasurePointValue> values) {
        var outcome = PoisonIsolation.isolate(values, evaluator::onValues, 16);
        PoisonRecordHandler handler = poison;
        for (var failed : outcome.poison()) {
            poisonValues.increment();
            handler.refused("evaluation-failed", List.of(failed.item()), failed.error());
        }
        if (outcome.targetDown()) {
            poisonValues.increment(outcome.unresolved().size());
            handler.refused("evaluation-failed", outcome.unresolved(),
                    new IllegalStateException("evaluation failed for every value of the batch"));
        }
    }

    /** Runs the timers of every partition now. */
    public void tick() {
        for (int p = 0; p < evaluators.size(); p++) {
            RuleEvaluator e = evaluators.get(p);
            threads.get(p).execute(e::tick);
        }
    }

    /** Waits until everything handed over so far has been evaluated. */
    public void flush() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (PartitionQueue t : threads) {
            all.add(CompletableFuture.runAsync(() -> { }, t));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    /** A rule was created, updated or deleted (null): swap the index and reset that rule's pending states. */
    public void ruleChanged(String orgId, String ruleId, AlertRule rule) {
        synchronized (this) {
            index = rule == null ? index.without(orgId, ruleId) : index.with(CompiledRule.compile(rule));
        }
        for (int p = 0; p < evaluators.size(); p++) {
            RuleEvaluator e = evaluators.get(p);
            threads.get(p).execute(() -> e.ruleChanged(orgId, ruleId));
        }
    }

    /*
     * The latch is stored by the node the operator reached, which need not be the one evaluating the asset: the node
     * that takes the asset next (or that one, after its own recovery finds the alert gone) knows of the close.
     */
    void closed(Alert alert) {
        try {
            states.latch(alert.orgId(), alert.hitRuleId(), alert.assetId(), true);
        } catch (RuntimeException e) {
            LOG.warn("could not store the close of alert {}: {}", alert.eventId(), e.getMessage());
        }
        run(alert.assetId(), e -> e.closed(alert)).join();
    }

    void acknowledged(Alert alert) {
        run(alert.assetId(), e -> e.acknowledged(alert)).join();
    }

    private CompletableFuture<Void> run(String assetId, java.util.function.Consumer<RuleEvaluator> action) {
        int p = partition(assetId);
        return CompletableFuture.runAsync(() -> action.accept(evaluators.get(p)), threads.get(p));
    }

    private int partition(String assetId) {
        return Math.floorMod(assetId.hashCode(), evaluators.size());
    }

    private void emit(AlertListener.Change change, Alert alert, AlertRule rule) {
        if (rule != null && rule.isRoot()) {
            rootChanged(change, alert);
        }
        if (change == AlertListener.Change.RAISED) {
            raised.increment();
        } else if (change == AlertListener.Change.RECOVERED) {
            recovered.increment();
        }
        for (AlertListener l : listeners) {
            try {
                l.onAlert(change, alert, rule);
            } catch (RuntimeException e) {
                LOG.warn("alert listener failed: {}", e.getMessage());
            }
        }
    }

    /**
     * A root alert was raised or ended: new alerts below its asset see it at once through the mask index; alerts
     * already active below it are updated in the background by their own partitions.
     */
    private void rootChanged(AlertListener.Change change, Alert root) {
        boolean add = change == AlertListener.Change.RAISED;
        if (add) {
            masks.addRoot(root);
        } else if (change == AlertListener.Change.RECOVERED || change == AlertListener.Change.CLOSED) {
            masks.removeRoot(root);
        } else {
            return;
        }
        masking.execute(() -> {
            try {
                for (Alert below : alertsBelow(root)) {
                    run(below.assetId(), e -> e.mask(below, root.eventId(), add));
                }
            } catch (RuntimeException e) {
                LOG.warn("could not update alerts masked by {}: {}", root.eventId(), e.getMessage());
            }
        });
    }

    private List<Alert> alertsBelow(Alert root) {
        java.util.Map<String, Alert> below = new java.util.LinkedHashMap<>();
        for (String path : root.assetPaths()) {
            String tree = MaskIndex.treeOf(path);
            for (Alert a : alerts.searchActive(new AlertQuery(root.orgId(), null, null, null, null, null, null, null,
                    tree, root.assetId(), true, null, 0, Integer.MAX_VALUE))) {
                if (!a.assetId().equals(root.assetId())) {
                    below.put(a.eventId(), a);
                }
            }
        }
        return List.copyOf(below.values());
    }

    void notify(AlertListener.Change change, Alert alert, AlertRule rule) {
        emit(change, alert, rule);
    }

    @Override
    public void close() {
        masking.shutdownNow();
        if (timer != null) {
            timer.shutdownNow();
        }
        for (PartitionQueue t : threads) {
            t.shutdown(5, TimeUnit.SECONDS);
        }
    }
}
