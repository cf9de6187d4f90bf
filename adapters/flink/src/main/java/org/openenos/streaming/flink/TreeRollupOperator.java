package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.RollupPolicy;
import org.openenos.streaming.StreamDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tree roll-up template, keyed by tree: keeps the latest value of every input asset and, for each policy, the
 * aggregate over the scope of every node of the output model. A node's output is written when it changes — after
 * inputs (stamped with the newest of their times), or on the periodic tick when inputs go stale or the tree changed
 * (stamped with the engine's clock) — and never stamped earlier than the node's previous output, so the newest
 * output is the current value. Inputs mark the nodes they roll into, which are evaluated every
 * {@value #FLUSH_MILLIS} ms: a farm whose thousand inverters each report every second gets its total a few times a
 * second, not a thousand times, at the cost of that much latency.
 *
 * <p>Staleness compares an input's time with the engine's clock: a device that stops sending is offline however its
 * last values were stamped, and data replayed from the past does not count as online.
 *
 * <p>The tree is read from the registry when the job first needs it and again every {@code treeRefreshMillis}, on the
 * tick. The registry publishes no change events that the engine could subscribe to (trees live in PostgreSQL and are
 * changed through the API), and a roll-up needs the whole tree in one place anyway, so a periodic read per tree is
 * the simplest way to follow nodes that are added, moved or removed: a change shows after at most one refresh. The
 * topology is not kept in Flink state: after a restore it is read again, so it is never older than the registry.
 *
 * <p>Over history (a dry run, {@code overHistory}) the clock is the newest sample time of the tree instead of the
 * engine's: nodes are evaluated when that time moves on, and staleness is checked on the tick interval of that clock
 * (at the first sample after a tick boundary, and at the end of the span). The tree is the registry's current one.
 */
final class TreeRollupOperator extends KeyedProcessFunction<String, TreeInput, OutputValue> {
    private static final Logger LOG = LoggerFactory.getLogger(TreeRollupOperator.class);
    private static final long MIN_TICK_MILLIS = 250;
    private static final long MAX_TICK_MILLIS = 5_000;
    static final long FLUSH_MILLIS = 100;
    private final String engineKey;
    private final String pipelineId;
    private final String orgId;
    private final JobSpec.TreeRollup spec;
    private final long tickMillis;
    private final boolean overHistory;
    /** Latest value per "asset|model::point". */
    private transient MapState<String, TimedValue> inputs;
    /** Last output per "policy index|node asset". */
    private transient MapState<String, TimedValue> outputs;
    /** Nodes an input changed since the last flush, by "policy index|node asset", with the newest input time. */
    private transient MapState<String, Long> dirty;
    /** Over history only: the newest sample time of the tree. */
    private transient ValueState<Long> historyClock;
    private transient Map<String, TreeTopology> topologies;
    private transient Map<String, Long> loadedAt;
    private transient JobCounters counters;
    private transient StreamDirectory directory;

    TreeRollupOperator(String engineKey, String pipelineId, String orgId, JobSpec.TreeRollup spec,
                       boolean overHistory) {
        this.overHistory = overHistory;
        this.engineKey = engineKey;
        this.pipelineId = pipelineId;
        this.orgId = orgId;
        this.spec = spec;
        long tick = spec.treeRefreshMillis();
        for (RollupPolicy p : spec.policies()) {
            if (p.staleAfterMillis() > 0) {
                tick = Math.min(tick, p.staleAfterMillis() / 4);
            }
        }
        this.tickMillis = Math.clamp(tick, MIN_TICK_MILLIS, MAX_TICK_MILLIS);
    }

    static MapStateDescriptor<String, TimedValue> inputsState() {
        return new MapStateDescriptor<>("inputs", Types.STRING, TypeExtractor.getForClass(TimedValue.class));
    }

    @Override
    public void open(OpenContext context) {
        inputs = getRuntimeContext().getMapState(inputsState());
        outputs = getRuntimeContext().getMapState(new MapStateDescriptor<>("outputs", Types.STRING,
                TypeExtractor.getForClass(TimedValue.class)));
        dirty = getRuntimeContext().getMapState(new MapStateDescriptor<>("dirty", Types.STRING, Types.LONG));
        if (overHistory) {
            historyClock = getRuntimeContext().getState(new ValueStateDescriptor<>("clock", Types.LONG));
        }
        topologies = new HashMap<>();
        loadedAt = new HashMap<>();
        counters = EngineResources.counters(pipelineId);
        directory = JobDirectory.of(engineKey, getRuntimeContext());
    }

    @Override
    public void processElement(TreeInput in, Context ctx, Collector<OutputValue> out) throws Exception {
        if (overHistory) {
            advanceHistoryClock(ctx, in.sample, out);
        }
        long now = overHistory ? historyClock.value() : ctx.timerService().currentProcessingTime();
        String treeId = ctx.getCurrentKey();
        TreeTopology tree = topology(treeId, now);
        AssetSample sample = in.sample;
        if (!overHistory) {
            scheduleTick(now, ctx.timerService());
        }
        for (var entry : sample.values.entrySet()) {
            String key = inputKey(sample.assetId, sample.modelId, entry.getKey());
            TimedValue latest = inputs.get(key);
            if (latest == null || sample.time >= latest.time) {
                inputs.put(key, new TimedValue(sample.time, entry.getValue()));
            }
        }
        for (int i = 0; i < spec.policies().size(); i++) {
            RollupPolicy policy = spec.policies().get(i);
            if (!policy.treeId().equals(treeId) || !policy.modelId().equals(sample.modelId)
                    || !sample.values.containsKey(policy.inputPoint())) {
                continue;
            }
            for (String node : tree.rollsInto(sample.assetId, policy.subtree())) {
                if (policy.outputModelId().equals(tree.model(node))) {
                    String key = i + "|" + node;
                    Long newest = dirty.get(key);
                    dirty.put(key, newest == null ? sample.time : Math.max(newest, sample.time));
                    if (!overHistory) {
                        ctx.timerService().registerProcessingTimeTimer((Math.floorDiv(now, FLUSH_MILLIS) + 1)
                                * FLUSH_MILLIS);
                    }
                }
            }
        }
    }

    /**
     * Over history: before a sample at a newer time, evaluates what the samples before it changed, then, past a tick
     * boundary, lets inputs age out at the new time. The end of the span (a sample without values) asks for a last
     * evaluation once the tree's input is over (in batch mode timers fire at the end of each key).
     */
    private void advanceHistoryClock(Context ctx, AssetSample sample, Collector<OutputValue> out) throws Exception {
        Long clock = historyClock.value();
        if (clock != null && sample.time > clock) {
            TreeTopology tree = topology(ctx.getCurrentKey(), clock);
            flush(tree, clock, out);
            if (Math.floorDiv(sample.time, tickMillis) > Math.floorDiv(clock, tickMillis)) {
                tick(ctx.getCurrentKey(), topology(ctx.getCurrentKey(), sample.time), sample.time, out);
            }
        }
        if (clock == null || sample.time > clock) {
            historyClock.update(sample.time);
        }
        if (sample.values.isEmpty()) {
            ctx.timerService().registerEventTimeTimer(sample.time);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutputValue> out) throws Exception {
        String treeId = ctx.getCurrentKey();
        if (overHistory) {
            long now = historyClock.value();
            TreeTopology tree = topology(treeId, now);
            flush(tree, now, out);
            tick(treeId, tree, now, out);
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        TreeTopology tree = topology(treeId, now);
        flush(tree, now, out);
        if (timestamp % tickMillis != 0) {
            return; // a flush only
        }
        tick(treeId, tree, now, out);
        scheduleTick(now, ctx.timerService());
    }

    /** Evaluates every node of the tree at {@code now}: inputs gone stale and nodes added or moved show. */
    private void tick(String treeId, TreeTopology tree, long now, Collector<OutputValue> out) throws Exception {
        for (int i = 0; i < spec.policies().size(); i++) {
            RollupPolicy policy = spec.policies().get(i);
            if (!policy.treeId().equals(treeId)) {
                continue;
            }
            for (String node : tree.assets()) {
                if (policy.outputModelId().equals(tree.model(node))) {
                    update(i, policy, tree, node, now, now, out);
                }
            }
        }
        forgetWhatLeft(tree, now);
    }

    /** Evaluates the nodes inputs changed since the last flush. */
    private void flush(TreeTopology tree, long now, Collector<OutputValue> out) throws Exception {
        if (dirty.isEmpty()) {
            return;
        }
        var marked = new HashMap<String, Long>();
        for (Map.Entry<String, Long> e : dirty.entries()) {
            marked.put(e.getKey(), e.getValue());
        }
        dirty.clear();
        for (Map.Entry<String, Long> e : marked.entrySet()) {
            String key = e.getKey();
            int sep = key.indexOf('|');
            int index = Integer.parseInt(key.substring(0, sep));
            String node = key.substring(sep + 1);
            if (tree.contains(node)) {
                update(index, spec.policies().get(index), tree, node, e.getValue(), now, out);
            }
        }
    }

    /** Computes a node's roll-up and writes it if it differs from the node's last output. */
    private void update(int index, RollupPolicy policy, TreeTopology tree, String node, long time, long now,
                        Collector<OutputValue> out) throws Exception {
        Double value = aggregate(policy, tree, node, now);
        if (value == null || !Double.isFinite(value)) {
            return;
        }
        String key = index + "|" + node;
        TimedValue last = outputs.get(key);
        if (last != null && last.value == value) {
            return;
        }
        long stamp = last == null ? time : Math.max(time, last.time + 1);
        out.collect(new OutputValue(orgId, policy.outputModelId(), node, policy.outputPoint(), stamp, value));
        counters.recordsOut.incrementAndGet();
        outputs.put(key, new TimedValue(stamp, value));
    }

    private Double aggregate(RollupPolicy policy, TreeTopology tree, String node, long now) throws Exception {
        int members = 0;
        int fresh = 0;
        int online = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (String asset : tree.scope(node, policy.subtree())) {
            if (!policy.modelId().equals(tree.model(asset))) {
                continue;
            }
            members++;
            TimedValue v = inputs.get(inputKey(asset, policy.modelId(), policy.inputPoint()));
            if (v == null || (policy.staleAfterMillis() > 0 && now - v.time > policy.staleAfterMillis())) {
                continue;
            }
            fresh++;
            online += v.value != 0 ? 1 : 0;
            sum += v.value;
            min = Math.min(min, v.value);
            max = Math.max(max, v.value);
        }
        return switch (policy.aggregation()) {
            case SUM -> sum;
            case COUNT -> (double) fresh;
            case AVG -> fresh == 0 ? null : sum / fresh;
            case MIN -> fresh == 0 ? null : min;
            case MAX -> fresh == 0 ? null : max;
            case AVAILABILITY -> members == 0 ? null : (double) online / members;
        };
    }

    /**
     * Drops the last outputs of nodes that left the tree, and the inputs of assets that left it once they are stale
     * for every policy: state stays bounded by the tree, not by every asset that ever sent.
     */
    private void forgetWhatLeft(TreeTopology tree, long now) throws Exception {
        List<String> gone = new ArrayList<>();
        for (String key : outputs.keys()) {
            if (!tree.contains(key.substring(key.indexOf('|') + 1))) {
                gone.add(key);
            }
        }
        for (String key : gone) {
            outputs.remove(key);
        }
        long keep = 0;
        for (RollupPolicy p : spec.policies()) {
            keep = p.staleAfterMillis() == 0 || keep == Long.MAX_VALUE ? Long.MAX_VALUE
                    : Math.max(keep, p.staleAfterMillis());
        }
        if (keep == Long.MAX_VALUE) {
            return;
        }
        gone.clear();
        for (Map.Entry<String, TimedValue> e : inputs.entries()) {
            String asset = e.getKey().substring(0, e.getKey().indexOf('|'));
            if (!tree.contains(asset) && now - e.getValue().time > keep) {
                gone.add(e.getKey());
            }
        }
        for (String key : gone) {
            inputs.remove(key);
        }
    }

    /** One tick per tree at the next multiple of the tick interval (Flink keeps one timer per key and time). */
    private void scheduleTick(long now, TimerService timers) {
        timers.registerProcessingTimeTimer((Math.floorDiv(now, tickMillis) + 1) * tickMillis);
    }

    private TreeTopology topology(String treeId, long now) {
        TreeTopology current = topologies.get(treeId);
        Long at = loadedAt.get(treeId);
        if (current != null && at != null && now - at < spec.treeRefreshMillis()) {
            return current;
        }
        loadedAt.put(treeId, now);
        try {
            var fresh = new TreeTopology(directory.treeNodes(orgId, treeId));
            if (current != null && !current.sameAs(fresh)) {
                LOG.debug("stream job {}: tree {} changed", pipelineId, treeId);
            }
            topologies.put(treeId, fresh);
            return fresh;
        } catch (RuntimeException e) {
            // the registry is unreachable: keep rolling up over the tree as last read, try again at the next refresh
            counters.errors.incrementAndGet();
            LOG.warn("stream job {}: tree {} could not be read: {}", pipelineId, treeId, e.getMessage());
            TreeTopology kept = current == null ? TreeTopology.EMPTY : current;
            topologies.put(treeId, kept);
            return kept;
        }
    }

    private static String inputKey(String assetId, String modelId, String pointId) {
        return assetId + "|" + modelId + "::" + pointId;
    }
}
