package org.openenos.streaming.flink;

import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.StreamJob;

/**
 * Builds the Flink job of a stream job: log source (selecting the job's organization and input points) → keyed by
 * asset → the template's operator → ingest sink. Templates are pipelines built by the platform; the same graph runs
 * on the embedded cluster or, with another source and sink, on a session cluster.
 */
final class JobGraphs {
    private JobGraphs() {
    }

    static JobGraph build(String engineKey, StreamJob job, JobSpec spec, Map<Integer, Long> startOffsets,
                          Configuration jobConfig, int parallelism, String restorePath) {
        var env = new StreamExecutionEnvironment(jobConfig);
        env.setParallelism(parallelism);
        DataStream<AssetSample> samples = env.fromSource(
                new LogSource(engineKey, job.pipelineId(), new PointSelection(job.orgId(), spec.inputs()), startOffsets),
                WatermarkStrategy.noWatermarks(), "telemetry log (" + job.orgId() + ")",
                TypeInformation.of(AssetSample.class)).uid("source");
        templateOperators(samples, engineKey, job, spec).sinkTo(new IngestSink(engineKey)).uid("sink").name("ingest");
        return jobGraph(env, job, restorePath);
    }

    /** The template's operators between the source and the sink: the same in embedded and cluster mode. */
    static DataStream<OutputValue> templateOperators(DataStream<AssetSample> samples, String engineKey, StreamJob job,
                                                     JobSpec spec) {
        KeyedStream<AssetSample, String> byAsset = samples.keyBy(s -> s.assetId, TypeInformation.of(String.class));
        return switch (spec) {
            case JobSpec.WindowAggregation w -> perAsset(byAsset, new WindowAggregator(job.pipelineId(), w), job);
            case JobSpec.PointMerge m -> perAsset(byAsset, new PointMerger(engineKey, job.pipelineId(), m), job);
            case JobSpec.DailyEnergy e -> perAsset(byAsset, new DailyEnergyCounter(engineKey, job.pipelineId(), e),
                    job);
            case JobSpec.TreeRollup r -> TreeRollups.attach(samples, engineKey, job, r); // keyed by tree
            case JobSpec.Custom c -> PipelineGraphs.attach(samples, engineKey, job.pipelineId(), c.pipeline());
        };
    }

    /** The job's name carries its pipeline id: a session cluster's job list tells every server node which is which. */
    static String jobName(StreamJob job) {
        return job.name() + " (" + job.pipelineId() + ")";
    }

    static JobGraph jobGraph(StreamExecutionEnvironment env, StreamJob job, String restorePath) {
        var graph = env.getStreamGraph();
        graph.setJobName(jobName(job));
        if (restorePath != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(restorePath, false));
        }
        return graph.getJobGraph();
    }

    private static DataStream<OutputValue> perAsset(KeyedStream<AssetSample, String> byAsset,
                                                    KeyedProcessFunction<String, AssetSample, OutputValue> operator,
                                                    StreamJob job) {
        return byAsset.process(operator, TypeInformation.of(OutputValue.class)).uid(job.templateType().name())
                .name(job.templateType().name());
    }
}
