package org.openenos.streaming.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.client.JobStatusMessage;

/**
 * What every server node finds the same way, so any node manages a job another node started: the job on the cluster
 * (its name ends with the pipeline id) and its newest checkpoint or savepoint in the shared checkpoint directory
 * (through Flink's file systems, so {@code s3://} and {@code hdfs://} work where their plugins are on the class path).
 */
final class ClusterJobs {
    private static final String START_OFFSETS = "start-offsets";

    private ClusterJobs() {
    }

    /** The newest job of the pipeline on the cluster, running or not. */
    static Optional<JobStatusMessage> latest(Collection<JobStatusMessage> jobs, String pipelineId) {
        String suffix = "(" + pipelineId + ")";
        return jobs.stream().filter(j -> j.getJobName() != null && j.getJobName().endsWith(suffix))
                .max(Comparator.comparingLong(JobStatusMessage::getStartTime));
    }

    /** The pipeline's job that is not globally terminal (running, restarting, being cancelled...). */
    static Optional<JobStatusMessage> active(Collection<JobStatusMessage> jobs, String pipelineId) {
        return latest(jobs, pipelineId).filter(j -> !j.getJobState().isGloballyTerminalState());
    }

    /**
     * A job id derived from what the job restores: two nodes resuming the same job at once submit the same id, and
     * the JobManager refuses the second as a duplicate instead of running the job twice.
     */
    static JobID jobIdFor(String pipelineId, String restorePath, long startedAt) {
        var uuid = java.util.UUID.nameUUIDFromBytes((pipelineId + "|"
                + (restorePath != null ? restorePath : "fresh@" + startedAt))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new JobID(uuid.getLeastSignificantBits(), uuid.getMostSignificantBits());
    }

    /**
     * The newest completed checkpoint ({@code <run>/chk-N}) or savepoint ({@code savepoints/savepoint-…}) under the
     * job's directory: the one with the newest {@code _metadata}, which Flink writes last.
     */
    static Optional<String> latestRestorePoint(String jobDir) {
        try {
            var dir = new Path(jobDir);
            FileSystem fs = dir.getFileSystem();
            if (!fs.exists(dir)) {
                return Optional.empty();
            }
            String best = null;
            long bestTime = Long.MIN_VALUE;
            for (FileStatus run : list(fs, dir)) {
                if (!run.isDir()) {
                    continue;
                }
                for (FileStatus point : list(fs, run.getPath())) {
                    String name = point.getPath().getName();
                    if (!point.isDir() || !(name.startsWith("chk-") || name.startsWith("savepoint-"))) {
                        continue;
                    }
                    var metadata = new Path(point.getPath(), "_metadata");
                    if (fs.exists(metadata)) {
                        long time = fs.getFileStatus(metadata).getModificationTime();
                        if (time > bestTime) {
                            bestTime = time;
                            best = point.getPath().toString();
                        }
                    }
                }
            }
            return Optional.ofNullable(best);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoints under " + jobDir, e);
        }
    }

    /**
     * Keeps where a job first started reading (partition → offset) in its directory: a job lost before its first
     * checkpoint is resubmitted from there rather than from the end of the topic, so it skips nothing.
     */
    static void writeStartOffsets(String jobDir, Map<Integer, Long> offsets) {
        var file = new Path(jobDir, START_OFFSETS);
        var text = new StringBuilder();
        new TreeMap<>(offsets).forEach((p, o) -> text.append(p).append('=').append(o).append('\n'));
        try (var out = file.getFileSystem().create(file, FileSystem.WriteMode.OVERWRITE)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Where the job first started reading, if it was started since start offsets were kept. */
    static Optional<Map<Integer, Long>> startOffsets(String jobDir) {
        var file = new Path(jobDir, START_OFFSETS);
        try {
            FileSystem fs = file.getFileSystem();
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            var offsets = new HashMap<Integer, Long>();
            try (var in = fs.open(file)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    int eq = line.indexOf('=');
                    if (eq > 0) {
                        offsets.put(Integer.parseInt(line.substring(0, eq).trim()),
                                Long.parseLong(line.substring(eq + 1).trim()));
                    }
                }
            }
            return Optional.of(offsets);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the start offsets of " + jobDir + ": " + e.getMessage(), e);
        }
    }

    static void delete(String jobDir) {
        try {
            var dir = new Path(jobDir);
            FileSystem fs = dir.getFileSystem();
            if (fs.exists(dir)) {
                fs.delete(dir, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + jobDir, e);
        }
    }

    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        FileStatus[] entries = fs.listStatus(dir);
        return entries == null ? new FileStatus[0] : entries;
    }
}
