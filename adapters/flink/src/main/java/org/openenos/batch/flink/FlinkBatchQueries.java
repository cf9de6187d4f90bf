package org.openenos.batch.flink;

import static org.openenos.error.Failures.deepestMessage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.QueryResult;
import org.openenos.batch.SqlQueries;
import org.openenos.batch.TaskLog;
import org.openenos.error.OpenEnosException;
import org.openenos.timeseries.TimeSeriesStore;

/**
 * Batch SQL steps as bounded Flink SQL jobs on a session cluster (ADR 0130). The step's input (the organization's
 * {@code history} within the step's window, {@code assets}, {@code asset_attributes}) is written as JSON-lines files
 * into a directory the server and the TaskManagers share; the statement is planned here with Flink's Table API in
 * batch mode over those files and submitted through the JobManager's REST API; the job writes its rows back as files,
 * which are read into the same {@link QueryResult} the Calcite engine gives. The step waits for the job, reports its
 * id and states to the task log, cancels it when the task is stopped or times out, and fails when the job fails or
 * is lost, so the workflow's retry policy applies. Interactive queries ({@code /data-federation}) stay on Calcite.
 */
public final class FlinkBatchQueries {
    private static final String RESULT = "openenos_step_result";
    private final FlinkBatchConfig config;
    private final StepInputFiles inputs;
    private final MeterRegistry meters;

    public FlinkBatchQueries(FlinkBatchConfig config, OrgCatalog catalog, TimeSeriesStore store,
                             MeterRegistry meters) {
        this.config = config;
        this.inputs = new StepInputFiles(catalog, store);
        this.meters = meters;
    }

    /** Runs one step's query on the cluster; {@code checkStop} throws when the task is canceled or timed out. */
    public QueryResult query(String orgId, String sql, SqlQueries.Limits limits, TaskLog log, Runnable checkStop) {
        long started = System.nanoTime();
        String outcome = "failed";
        Path dir = config.exchangeDir().resolve("step-" + UUID.randomUUID());
        try {
            long values = inputs.write(dir, orgId, limits.from().toEpochMilli(), limits.to().toEpochMilli(),
                    Math.max(limits.maxRows(), 1) * 100, checkStop);
            log.info("input for the Flink cluster: " + values + " history values in " + dir);
            TableEnvironment env = environment(orgId);
            StepInputFiles.TABLES.forEach((table, columns) -> env.executeSql("CREATE TEMPORARY TABLE `" + table
                    + "` (" + columns + ") WITH ('connector' = 'filesystem', 'path' = '" + uri(dir.resolve(table))
                    + "', 'format' = 'json')"));
            Table query = plan(env, sql);
            ResolvedSchema schema = query.getResolvedSchema();
            env.createTemporaryTable(RESULT, TableDescriptor.forConnector("filesystem")
                    .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                    .option("path", uri(dir.resolve("result"))).format("json").build());
            checkStop.run();
            JobClient job = query.executeInsert(RESULT).getJobClient().orElseThrow(() ->
                    new IllegalStateException("the Flink cluster gave no job for the step"));
            log.info("Flink job " + job.getJobID() + " submitted to " + config.restAddress());
            await(job, limits.timeout(), log, checkStop);
            var rows = StepResultFiles.read(dir.resolve("result"), schema, limits.maxRows());
            outcome = "succeeded";
            return new QueryResult(rows.columns(), rows.types(), rows.rows(), rows.truncated(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("the step's files in " + dir + " could not be written or read", e);
        } finally {
            delete(dir);
            Timer.builder("openenos.batch.cluster.step")
                    .description("time of batch SQL steps on the Flink cluster, input files to result rows")
                    .tag("outcome", outcome).register(meters)
                    .record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static Table plan(TableEnvironment env, String sql) {
        String statement = sql.strip();
        if (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1);
        }
        try {
            return env.sqlQuery(statement);
        } catch (RuntimeException e) {
            throw OpenEnosException.badArgument("Flink SQL failed: " + deepestMessage(e));
        }
    }

    private TableEnvironment environment(String orgId) {
        URI rest = URI.create(config.restAddress());
        var conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(RestOptions.ADDRESS, rest.getHost());
        conf.set(RestOptions.PORT, rest.getPort() > 0 ? rest.getPort() : 8081);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
        conf.set(PipelineOptions.NAME, "OpenEnOS batch step (" + orgId + ")");
        // a table hint could otherwise point the job at any path the cluster reaches, another organization's included
        conf.set(TableConfigOptions.TABLE_DYNAMIC_TABLE_OPTIONS_ENABLED, false);
        conf.setString("table.local-time-zone", "UTC");
        // a lost TaskManager restarts the job's failed region here; the workflow's retries come on top
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "2");
        conf.setString("restart-strategy.fixed-delay.delay", "2 s");
        return TableEnvironment.create(EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf)
                .build());
    }

    private void await(JobClient job, Duration timeout, TaskLog log, Runnable checkStop) {
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        long deadline = System.nanoTime() + timeout.toNanos();
        JobStatus seen = null;
        try {
            while (!result.isDone()) {
                try {
                    checkStop.run();
                } catch (RuntimeException stopped) {
                    cancel(job, log);
                    throw stopped;
                }
                if (System.nanoTime() > deadline) {
                    cancel(job, log);
                    throw new IllegalStateException("the Flink job " + job.getJobID() + " did not finish in "
                            + timeout.toSeconds() + " s");
                }
                JobStatus status = statusOf(job);
                if (status != null && status != seen) {
                    seen = status;
                    log.info("Flink job " + job.getJobID() + " " + status);
                }
                try {
                    result.get(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // poll again
                }
            }
            result.get();
            log.info("Flink job " + job.getJobID() + " FINISHED");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(job, log);
            throw new IllegalStateException("interrupted while waiting for Flink job " + job.getJobID(), e);
        } catch (ExecutionException e) {
            log.info("Flink job " + job.getJobID() + " FAILED: " + deepestMessage(e));
            throw new IllegalStateException("the Flink job " + job.getJobID() + " failed: " + deepestMessage(e), e);
        }
    }

    private static JobStatus statusOf(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private static void cancel(JobClient job, TaskLog log) {
        try {
            job.cancel().get(30, TimeUnit.SECONDS);
            log.info("Flink job " + job.getJobID() + " CANCELED");
        } catch (Exception e) {
            log.info("Flink job " + job.getJobID() + " could not be canceled: " + deepestMessage(e));
        }
    }

    private static String uri(Path path) {
        return path.toAbsolutePath().normalize().toUri().toString();
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // what is left is removed with the next clean-up of the exchange directory
        }
    }
}
