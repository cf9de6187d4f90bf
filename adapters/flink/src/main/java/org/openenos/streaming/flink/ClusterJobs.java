package org.openenos.streaming.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
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
