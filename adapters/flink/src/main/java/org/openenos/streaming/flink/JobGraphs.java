package org.openenos.streaming.flink;

import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.openenos.streaming.JobSpec;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.TemplatePipelines;

/**
 * Builds the Flink job of a stream job: log source (selecting the job's organization and input points) → the job's
 * pipeline ({@link PipelineGraphs}; templates are pipelines built by the platform) → ingest sink. The same graph runs
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

    /**
     * The job's operators between the source and the sink, the same in embedded and cluster mode: its pipeline
     * (a template's as the platform builds it) through the one pipeline translator.
     */
    static DataStream<OutputValue> templateOperators(DataStream<AssetSample> samples, String engineKey, StreamJob job,
                                                     JobSpec spec) {
        return PipelineGraphs.attach(samples, engineKey, job.pipelineId(), job.orgId(), TemplatePipelines.of(spec));
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
}
