package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.streaming.DryRun;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.TemplatePipelines;

/**
 * Dry runs on the engine: the job's pipeline through the same translator as the live job ({@link PipelineGraphs},
 * templates as the platform builds them), so the same operator classes, not a second implementation — in a bounded
 * Flink job in BATCH mode on the embedded cluster.
 * Batch mode was chosen over calling the operators by hand because the operators live on Flink's keyed state and
 * timers: in batch mode Flink sorts the input by asset and time and fires each asset's timers when its input ends,
 * which is exactly "the job after it has seen all of this history, in order". A last empty sample per asset at the
 * span's end moves its event time there, so every window that ends within the span is complete and emitted.
 * A tree roll-up runs on the clock of the history instead of the engine's ({@link TreeRollupOperator}), over the tree
 * as the registry has it now. Results go to an in-memory {@link CollectSink}; nothing reaches the ingest path.
 */
public final class FlinkDryRunner implements DryRun.Runner {
    private final FlinkStreamEngine engine;

    public FlinkDryRunner(FlinkStreamEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<DryRun.Sample> run(String orgId, JobSpec spec, List<DryRun.Sample> inputs, long endTime) {
        String runId = "dryrun-" + UUID.randomUUID();
        try {
            var conf = new Configuration();
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
            var env = new StreamExecutionEnvironment(conf);
            env.setParallelism(1);
            DataStream<AssetSample> samples = env.fromData(samples(orgId, inputs, endTime),
                            TypeInformation.of(AssetSample.class))
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<AssetSample>forMonotonousTimestamps()
                            .withTimestampAssigner((s, previous) -> s.time));
            DataStream<OutputValue> results = PipelineGraphs.attachOverHistory(samples, engine.key(), runId, orgId,
                    TemplatePipelines.of(spec));
            results.sinkTo(new CollectSink(runId)).name("collect");
            var graph = env.getStreamGraph();
            graph.setJobName("dry run " + runId);
            try {
                engine.runToEnd(graph.getJobGraph());
            } catch (IllegalStateException e) {
                throw new OpenEnosException(ErrorCode.STREAM_ENGINE_FAILED, e.getMessage(), e);
            }
            var result = new ArrayList<DryRun.Sample>();
            for (OutputValue v : CollectSink.take(runId)) {
                result.add(new DryRun.Sample(v.assetId, v.modelId, v.pointId, v.time, v.value));
            }
            return result;
        } finally {
            CollectSink.take(runId);
            EngineResources.dropCounters(runId);
        }
    }

    /**
     * Values of one asset at the same time travel together, as points posted in one message do live; then one empty
     * sample per asset at the end of the span.
     */
    static List<AssetSample> samples(String orgId, List<DryRun.Sample> inputs, long endTime) {
        var byAssetAndTime = new LinkedHashMap<String, AssetSample>();
        var assets = new LinkedHashMap<String, Boolean>();
        for (DryRun.Sample s : inputs) {
            AssetSample sample = byAssetAndTime.computeIfAbsent(s.assetId() + '\u0000' + s.modelId() + '\u0000'
                    + s.time(), k -> new AssetSample(orgId, s.modelId(), s.assetId(), s.time()));
            sample.values.put(s.pointId(), s.value());
            assets.put(s.assetId(), Boolean.TRUE);
        }
        var result = new ArrayList<>(byAssetAndTime.values());
        for (String assetId : assets.keySet()) {
            result.add(new AssetSample(orgId, "", assetId, endTime));
        }
        return result;
    }

    /** Keeps what a dry run's job emitted until the runner takes it. */
    static final class CollectSink implements org.apache.flink.api.connector.sink2.Sink<OutputValue> {
        private static final Map<String, List<OutputValue>> RESULTS = new java.util.concurrent.ConcurrentHashMap<>();
        private final String runId;

        CollectSink(String runId) {
            this.runId = runId;
        }

        static List<OutputValue> take(String runId) {
            List<OutputValue> values = RESULTS.remove(runId);
            return values == null ? List.of() : values;
        }

        @Override
        public org.apache.flink.api.connector.sink2.SinkWriter<OutputValue> createWriter(
                org.apache.flink.api.connector.sink2.WriterInitContext context) {
            List<OutputValue> target = RESULTS.computeIfAbsent(runId,
                    k -> java.util.Collections.synchronizedList(new ArrayList<>()));
            return new org.apache.flink.api.connector.sink2.SinkWriter<>() {
                @Override
                public void write(OutputValue value, Context ctx) {
                    target.add(value);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
