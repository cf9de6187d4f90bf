package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.streaming.PointRef;
import org.openenos.telemetry.BusRecordFormat;
import org.openenos.telemetry.TelemetryBus;

/** How any server node finds a pipeline's job and restore point, and the bus records a cluster job reads and writes. */
class ClusterJobsTest {
    @TempDir
    Path dir;

    @Test
    void theNewestSavepointOrCompletedCheckpointOfAJobIsItsRestorePoint() throws Exception {
        Path job = dir.resolve("p1");
        Path oldCheckpoint = completed(job.resolve("run-a").resolve("chk-3"), 1_000);
        Path savepoint = completed(job.resolve("savepoints").resolve("savepoint-ab12-cd34"), 3_000);
        completed(job.resolve("run-b").resolve("chk-9"), 2_000);
        Files.createDirectories(job.resolve("run-b").resolve("chk-10")); // in progress: no _metadata yet

        assertThat(ClusterJobs.latestRestorePoint(job.toUri().toString())).get().asString()
                .endsWith(dir.relativize(savepoint).toString());
        Files.setLastModifiedTime(oldCheckpoint.resolve("_metadata"), FileTime.fromMillis(4_000));
        assertThat(ClusterJobs.latestRestorePoint(job.toUri().toString())).get().asString().endsWith("chk-3");

        ClusterJobs.delete(job.toUri().toString());
        assertThat(job).doesNotExist();
        assertThat(ClusterJobs.latestRestorePoint(job.toUri().toString())).isEmpty();
    }

    @Test
    void whereAJobFirstStartedReadingIsKeptBesideItsCheckpointsAndIsNoRestorePoint() throws Exception {
        String job = dir.resolve("p2").toUri().toString();
        assertThat(ClusterJobs.startOffsets(job)).isEmpty();

        ClusterJobs.writeStartOffsets(job, Map.of(0, 17L, 1, 0L, 11, 123_456_789_012L));

        assertThat(ClusterJobs.startOffsets(job)).contains(Map.of(0, 17L, 1, 0L, 11, 123_456_789_012L));
        assertThat(ClusterJobs.latestRestorePoint(job)).isEmpty();
        ClusterJobs.delete(job);
        assertThat(ClusterJobs.startOffsets(job)).isEmpty();
    }

    @Test
    void aPipelinesJobIsFoundByItsNameAndTwoNodesResumingItSubmitTheSameJobId() {
        var jobs = new ArrayList<JobStatusMessage>();
        jobs.add(new JobStatusMessage(new JobID(), "avg (p1)", JobStatus.CANCELED, 1_000));
        JobID current = new JobID();
        jobs.add(new JobStatusMessage(current, "avg (p1)", JobStatus.RESTARTING, 2_000));
        jobs.add(new JobStatusMessage(new JobID(), "avg (p10)", JobStatus.RUNNING, 3_000));

        assertThat(ClusterJobs.active(jobs, "p1")).get().extracting(JobStatusMessage::getJobId).isEqualTo(current);
        assertThat(ClusterJobs.active(List.of(jobs.get(0)), "p1")).isEmpty();
        assertThat(ClusterJobs.latest(List.of(jobs.get(0)), "p1")).isPresent();
        assertThat(ClusterJobs.latest(jobs, "p2")).isEmpty();

        assertThat(ClusterJobs.jobIdFor("p1", "file:/c/p1/chk-3", 1)).isEqualTo(
                ClusterJobs.jobIdFor("p1", "file:/c/p1/chk-3", 2));
        assertThat(ClusterJobs.jobIdFor("p1", "file:/c/p1/chk-3", 1)).isNotEqualTo(
                ClusterJobs.jobIdFor("p1", "file:/c/p1/chk-4", 1));
        assertThat(ClusterJobs.jobIdFor("p1", null, 1)).isNotEqualTo(ClusterJobs.jobIdFor("p1", null, 2));
    }

    @Test
    void resultsAreWrittenAsBusRecordsOfTheirAssetsPartitionAndPoisonRecordsAreSkipped() throws Exception {
        var serializer = new BusRecordSerializer("telemetry", 12);
        var record = serializer.serialize(new OutputValue("o1", "m", "asset-7", "p_avg", 60_000, 2.5), null, null);
        assertThat(record.topic()).isEqualTo("telemetry");
        assertThat(record.partition()).isEqualTo(new TwelvePartitions().partitionOf("asset-7"));
        assertThat(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("asset-7");
        assertThat(BusRecordFormat.decode(record.value())).containsExactly(
                new MeasurePointValue("o1", "m", "asset-7", "p_avg", 60_000, 2.5, null));

        var deserializer = new BusRecordDeserializer(new PointSelection("o1", Set.of(new PointRef("m", "p_avg"))));
        var out = new ArrayList<AssetSample>();
        Collector<AssetSample> collector = new Collector<>() {
            @Override
            public void collect(AssetSample sample) {
                out.add(sample);
            }

            @Override
            public void close() {
            }
        };
        deserializer.deserialize(new ConsumerRecord<>("telemetry", 0, 0, new byte[0], new byte[] {1, 2, 3}),
                collector);
        deserializer.deserialize(new ConsumerRecord<>("telemetry", 0, 1, record.key(), record.value()), collector);
        byte[] otherOrg = BusRecordFormat.encode(List.of(new MeasurePointValue("o2", "m", "a", "p_avg", 1, 1.0, null)),
                false);
        deserializer.deserialize(new ConsumerRecord<>("telemetry", 0, 2, new byte[0], otherOrg), collector);
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.assetId).isEqualTo("asset-7");
            assertThat(s.values).containsEntry("p_avg", 2.5);
        });
    }

    /** A bus of twelve partitions, for the port's placement of assets; nothing else is called. */
    private static final class TwelvePartitions implements TelemetryBus {
        @Override
        public int partitions() {
            return 12;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> publish(List<MeasurePointValue> values) {
            throw new UnsupportedOperationException();
        }

        @Override
        public org.openenos.telemetry.BusConsumer consumer(String group,
                                                          org.openenos.telemetry.PoisonRecordHandler poison) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Map<Integer, Long> endOffsets() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static Path completed(Path point, long modified) throws Exception {
        Files.createDirectories(point);
        Path metadata = Files.writeString(point.resolve("_metadata"), "x");
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.ofEpochMilli(modified)));
        return point;
    }
}
