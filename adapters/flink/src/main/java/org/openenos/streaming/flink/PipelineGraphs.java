package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.PointRef;
import org.openenos.streaming.pipeline.Pipeline;
import org.openenos.streaming.pipeline.RecordAttributes;
import org.openenos.streaming.pipeline.Stage;
import org.openenos.streaming.pipeline.StageConfig;

/**
 * The one runtime of stream jobs: translates a pipeline — a user's custom pipeline, or a template as the platform
 * builds it ({@link org.openenos.streaming.TemplatePipelines}) — into Flink operators between the job's log source
 * and its ingest sink ({@link JobGraphs} adds both): one operator (or a few) per stage, wired as the stages' inputs
 * say, each with the stage's stable operator uid so that a restore finds its state. A template's step
 * ({@link StageConfig.PlatformStep}) runs the template's own operator on the job's samples ({@link PlatformSteps}).
 * Window stages run the
 * time-window template's own {@link WindowAggregator}; a sliding window is that operator once per slide step over
 * time shifted by the step. Stateful stages are keyed by asset (or asset and point), so state and timers are per
 * asset as in the templates.
 */
final class PipelineGraphs {
    private static final TypeInformation<PipelineRecord> RECORD = TypeInformation.of(PipelineRecord.class);
    private static final TypeInformation<String> KEY = TypeInformation.of(String.class);

    private PipelineGraphs() {
    }

    /**
     * @param counterKey the key of the counters of the job (its pipeline id) or of the dry run
     * @param orgId      the job's organization
     * @return the values the pipeline's Output stages write
     */
    static DataStream<OutputValue> attach(DataStream<AssetSample> samples, String engineKey, String counterKey,
                                          String orgId, Pipeline pipeline) {
        return new PipelineGraphs.Translation(samples, engineKey, counterKey, orgId, true).attach(pipeline);
    }

    /**
     * For a dry run over stored history: record generators tick on the engine's clock, which history does not
     * have, so they generate nothing (the dry run says so in a note); a tree roll-up runs on the history's clock.
     */
    static DataStream<OutputValue> attachOverHistory(DataStream<AssetSample> samples, String engineKey,
                                                     String counterKey, String orgId, Pipeline pipeline) {
        return new PipelineGraphs.Translation(samples, engineKey, counterKey, orgId, false).attach(pipeline);
    }

    /** One translation: the job's samples, where its operators find the engine, and whether it runs live. */
    private record Translation(DataStream<AssetSample> samples, String engineKey, String counterKey, String orgId,
                               boolean live) {
        DataStream<OutputValue> attach(Pipeline pipeline) {
            Set<String> readAsRecords = recordInputs(pipeline);
            DataStream<PipelineRecord> origin = null;
            var streams = new HashMap<String, DataStream<PipelineRecord>>();
            var values = new HashMap<String, DataStream<OutputValue>>();
            var outputs = new ArrayList<DataStream<OutputValue>>();
            for (Stage stage : pipeline.stages()) {
                if (stage.config() instanceof StageConfig.PlatformStep step) {
                    values.put(stage.id(), PlatformSteps.attach(samples, step.template(), engineKey, counterKey,
                            orgId, stage.operatorUid(), live));
                    continue;
                }
                if (stage.config() instanceof StageConfig.Output) {
                    outputs.add(output(stage, streams, values));
                    continue;
                }
                if (stage.inputs().isEmpty() && !readAsRecords.contains(stage.id())) {
                    continue; // a selector only platform steps read: they read the samples themselves
                }
                if (stage.inputs().isEmpty() && origin == null) {
                    origin = samples.flatMap(new ToRecords(), RECORD).uid("records").name("records");
                }
                DataStream<PipelineRecord> in = stage.inputs().isEmpty() ? origin : union(stage.inputs(), streams);
                streams.put(stage.id(), stage(stage, in, pipeline));
            }
            DataStream<OutputValue> all = outputs.getFirst();
            for (int i = 1; i < outputs.size(); i++) {
                all = all.union(outputs.get(i));
            }
            return all;
        }

        private DataStream<PipelineRecord> stage(Stage stage, DataStream<PipelineRecord> in, Pipeline pipeline) {
            String uid = stage.operatorUid();
            String name = stage.operator() + " (" + stage.id() + ")";
            DataStream<PipelineRecord> out = switch (stage.config()) {
                case StageConfig.PointSelector sel -> in.filter(new Selects(sel.points()));
                case StageConfig.AssetLookup c -> in.map(new PipelineLookups(engineKey, counterKey, c), RECORD);
                case StageConfig.ParentAssetLookup c -> in.map(new PipelineLookups(engineKey, counterKey, c), RECORD);
                case StageConfig.ChildAssetLookup c -> in.map(new PipelineLookups(engineKey, counterKey, c), RECORD);
                case StageConfig.Window w -> window(in, w, windowSpec(stage, pipeline),
                        counterKey + "/" + stage.id(), uid, name);
                case StageConfig.LatestRecordMerger m ->
                        (m.groupBy() == null ? byAsset(in) : byAttr(in, m.groupBy()))
                                .process(new PipelineMerger(m), RECORD);
                case StageConfig.LastRecordAppender a ->
                        byAssetPoint(in).process(new PipelineTagger(stage.operator()), RECORD);
                case StageConfig.LatePointTagger t ->
                        byAssetPoint(in).process(new PipelineTagger(stage.operator()), RECORD);
                case StageConfig.OffLimitTagger t -> in.flatMap(new TagsOffLimit(t), RECORD);
                case StageConfig.ExpressionEvaluator e -> in.flatMap(new PipelineExpression(counterKey, e), RECORD);
                case StageConfig.RecordGenerator g -> live ? byAsset(in).process(new PipelineGenerator(g), RECORD)
                        : in.filter(r -> false);
                case StageConfig.PlatformStep p -> throw new IllegalStateException("not a record stage: " + stage.id());
                case StageConfig.Output o -> throw new IllegalStateException("not a record stage: " + stage.id());
            };
            return stage.config() instanceof StageConfig.Window ? out
                    : ((SingleOutputStreamOperator<PipelineRecord>) out).uid(uid).name(name);
        }

        /**
         * What an Output stage writes: the records of its record inputs, counted as the job's output, and the values
         * of platform steps as they are (those count what they emit themselves, as the templates always did).
         */
        private DataStream<OutputValue> output(Stage stage, Map<String, DataStream<PipelineRecord>> streams,
                                               Map<String, DataStream<OutputValue>> values) {
            var records = stage.inputs().stream().filter(streams::containsKey).toList();
            DataStream<OutputValue> out = records.isEmpty() ? null : union(records, streams)
                    .flatMap(new ToOutput(counterKey), TypeInformation.of(OutputValue.class))
                    .uid(stage.operatorUid()).name(stage.operator() + " (" + stage.id() + ")");
            for (String input : stage.inputs()) {
                DataStream<OutputValue> v = values.get(input);
                if (v != null) {
                    out = out == null ? v : out.union(v);
                }
            }
            return out;
        }
    }

    /** The stages whose output other stages read as records (not those only platform steps read). */
    private static Set<String> recordInputs(Pipeline pipeline) {
        var ids = new java.util.HashSet<String>();
        for (Stage s : pipeline.stages()) {
            if (!(s.config() instanceof StageConfig.PlatformStep)) {
                ids.addAll(s.inputs());
            }
        }
        return ids;
    }

    /**
     * The window template's spec a window stage runs: one policy per input point, in the points' sorted order,
     * because a window's state is keyed by the policy's index and must mean the same point after a restart.
     */
    static JobSpec.WindowAggregation windowSpec(Stage stage, Pipeline pipeline) {
        var w = (StageConfig.Window) stage.config();
        var points = new java.util.TreeSet<PointRef>(java.util.Comparator.comparing(PointRef::toString));
        stage.inputs().forEach(id -> points.addAll(pipeline.points(id)));
        var policies = new ArrayList<JobSpec.WindowPolicy>();
        for (PointRef p : points) {
            policies.add(new JobSpec.WindowPolicy(p.modelId(), p.pointId(), w.aggregation(), w.windowMillis(),
                    w.outputPoint() == null ? p.pointId() : w.outputPoint().pointId(), null));
        }
        return new JobSpec.WindowAggregation(w.latencyMillis(), policies);
    }

    private static DataStream<PipelineRecord> union(List<String> inputs, Map<String, DataStream<PipelineRecord>> s) {
        DataStream<PipelineRecord> in = s.get(inputs.getFirst());
        for (int i = 1; i < inputs.size(); i++) {
            in = in.union(s.get(inputs.get(i)));
        }
        return in;
    }

    private static KeyedStream<PipelineRecord, String> byAsset(DataStream<PipelineRecord> in) {
        return in.keyBy(r -> r.assetId, KEY);
    }

    /** Keyed by the value of an {@code attr} key; records without it (and end markers) are left out. */
    private static KeyedStream<PipelineRecord, String> byAttr(DataStream<PipelineRecord> in, String key) {
        return in.filter(r -> r.attr.get(key) != null).keyBy(r -> r.attr.get(key), KEY);
    }

    private static KeyedStream<PipelineRecord, String> byAssetPoint(DataStream<PipelineRecord> in) {
        return in.keyBy(PipelineRecord::assetPoint, KEY);
    }

    /**
     * The template's window operator with one policy per input point. A sliding window of n slide steps is n of
     * them, the j-th over time shifted back by j steps: its epoch-aligned windows are then the sliding windows that
     * start j steps after a multiple of the window size, and its outputs are shifted forward again.
     */
    private static DataStream<PipelineRecord> window(DataStream<PipelineRecord> in, StageConfig.Window w,
                                                     JobSpec.WindowAggregation spec, String counterKey, String uid,
                                                     String name) {
        DataStream<PipelineRecord> result = null;
        long steps = w.windowMillis() / w.slideMillis();
        for (int j = 0; j < steps; j++) {
            long shift = j * w.slideMillis();
            String at = steps == 1 ? uid : uid + "-" + j;
            DataStream<PipelineRecord> part = in.map(new ToSample(shift), TypeInformation.of(AssetSample.class))
                    .uid(at + "-in").name(name)
                    .keyBy(s -> s.assetId, KEY)
                    .process(new WindowAggregator(counterKey, spec), TypeInformation.of(OutputValue.class))
                    .uid(at).name(name)
                    .map(new FromWindow(shift, w), RECORD).uid(at + "-out").name(name);
            result = result == null ? part : result.union(part);
        }
        return result;
    }

    /** The log's samples as records, one per point value. */
    static final class ToRecords implements FlatMapFunction<AssetSample, PipelineRecord> {
        @Override
        public void flatMap(AssetSample s, Collector<PipelineRecord> out) {
            if (s.values.isEmpty()) {
                out.collect(PipelineRecord.endMarker(s.orgId, s.assetId, s.time));
            }
            s.values.forEach((point, value) -> out.collect(new PipelineRecord(s.orgId, s.modelId, s.assetId, point,
                    s.time, value)));
        }
    }

    static final class Selects implements FilterFunction<PipelineRecord> {
        private final Set<String> points = new java.util.HashSet<>();

        Selects(Set<PointRef> refs) {
            refs.forEach(p -> points.add(p.toString()));
        }

        @Override
        public boolean filter(PipelineRecord r) {
            return r.isEndMarker() || points.contains(r.point());
        }
    }

    static final class TagsOffLimit implements FlatMapFunction<PipelineRecord, PipelineRecord> {
        private final StageConfig.OffLimitTagger config;

        TagsOffLimit(StageConfig.OffLimitTagger config) {
            this.config = config;
        }

        @Override
        public void flatMap(PipelineRecord r, Collector<PipelineRecord> out) {
            if (r.isEndMarker()) {
                out.collect(r);
                return;
            }
            boolean outside = config.outside(r.value);
            if (outside && config.dropOutliers()) {
                return;
            }
            r.attr.put(RecordAttributes.IS_OUTLIER, Boolean.toString(outside));
            if (outside) {
                r.attr.put(RecordAttributes.OUTLIER_ATTR, config.min() != null && r.value <= config.min()
                        ? "below" : "above");
            } else {
                r.attr.remove(RecordAttributes.OUTLIER_ATTR);
            }
            out.collect(r);
        }
    }

    static final class ToSample implements MapFunction<PipelineRecord, AssetSample> {
        private final long shift;

        ToSample(long shift) {
            this.shift = shift;
        }

        @Override
        public AssetSample map(PipelineRecord r) {
            var s = new AssetSample(r.orgId, r.modelId, r.assetId, r.time - shift);
            if (!r.isEndMarker()) {
                s.values.put(r.pointId, r.value);
            }
            return s;
        }
    }

    static final class FromWindow implements MapFunction<OutputValue, PipelineRecord> {
        private final long shift;
        private final StageConfig.Window config;

        FromWindow(long shift, StageConfig.Window config) {
            this.shift = shift;
            this.config = config;
        }

        @Override
        public PipelineRecord map(OutputValue v) {
            String model = config.outputPoint() == null ? v.modelId : config.outputPoint().modelId();
            var r = new PipelineRecord(v.orgId, model, v.assetId, v.pointId, v.time + shift, v.value);
            r.attr.put(RecordAttributes.CAL_MODE, "final");
            r.attr.put(RecordAttributes.CAL_TYPE, config.aggregation().name().toLowerCase(Locale.ROOT));
            return r;
        }
    }

    /** What an Output stage writes; counted as the job's output. */
    static final class ToOutput extends RichFlatMapFunction<PipelineRecord, OutputValue> {
        private final String counterKey;
        private transient JobCounters counters;

        ToOutput(String counterKey) {
            this.counterKey = counterKey;
        }

        @Override
        public void open(OpenContext context) {
            counters = EngineResources.counters(counterKey);
        }

        @Override
        public void flatMap(PipelineRecord r, Collector<OutputValue> out) {
            if (!r.isEndMarker()) {
                counters.recordsOut.incrementAndGet();
                out.collect(new OutputValue(r.orgId, r.modelId, r.assetId, r.pointId, r.time, r.value));
            }
        }
    }
}
