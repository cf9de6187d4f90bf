package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.openenos.batch.BatchSettings;
import org.openenos.batch.RunRepository;
import org.openenos.batch.TaskExecutors;
import org.openenos.batch.WorkflowRepository;
import org.openenos.batch.WorkflowRunner;
import org.openenos.batch.WorkflowService;
import org.openenos.batch.postgres.DbBatchScheduler;
import org.openenos.batch.postgres.PostgresRunRepository;
import org.openenos.batch.postgres.PostgresWorkflowRepository;
import org.openenos.batch.ExternalSources;
import org.openenos.batch.OrgCatalog;
import org.openenos.batch.postgres.PostgresExternalSourceRepository;
import org.openenos.batch.postgres.PostgresOrgCatalog;
import org.openenos.batch.sql.CalciteSqlQueries;
import org.openenos.batch.sql.SqlTaskExecutor;
import org.openenos.batch.sql.SyncTaskExecutor;
import org.openenos.batch.flink.FlinkBatchQueries;
import org.openenos.registry.ModelService;
import org.openenos.reporting.ExportService;
import org.openenos.reporting.ExportTaskExecutor;
import org.openenos.security.SecretCipher;
import org.openenos.timeseries.TimeSeriesModule;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batch processing: workflows and runs in PostgreSQL, scheduled by db-scheduler on the same database, tasks executed
 * by the executors plugged into {@link TaskExecutors}: SQL, sync, and exports run through {@link ExportService}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({BatchProperties.class, BatchClusterProperties.class})
public class BatchConfiguration {

    @Bean
    BatchSettings batchSettings(BatchProperties p) {
        return new BatchSettings(ZoneId.of(p.zone()), p.maxConcurrentTasks(), p.maxTaskTime(), p.maxTaskRows(),
                p.maxBackfillDays());
    }

    @Bean
    WorkflowRepository workflowRepository(JdbcClient jdbc) {
        return new PostgresWorkflowRepository(jdbc);
    }

    @Bean
    RunRepository batchRunRepository(JdbcClient jdbc, TransactionTemplate tx) {
        return new PostgresRunRepository(jdbc, tx);
    }

    @Bean
    ExternalSources batchExternalSources(JdbcClient jdbc, SecretCipher cipher, Clock clock) {
        return new ExternalSources(new PostgresExternalSourceRepository(jdbc), cipher, clock);
    }

    @Bean
    OrgCatalog batchOrgCatalog(JdbcClient jdbc, ModelService models) {
        return new PostgresOrgCatalog(jdbc, (orgId, modelId) -> models.resolved(orgId, modelId)
                .map(m -> List.copyOf(m.measurepoints().keySet())).orElse(List.of()));
    }

    /** Calcite loads its classes with the first query: a server without workflows pays nothing for it. */
    @Bean
    CalciteSqlQueries batchSqlQueries(OrgCatalog catalog, TimeSeriesModule timeSeries, ExternalSources sources,
                                      MeterRegistry meters) {
        return new CalciteSqlQueries(catalog, timeSeries.store(), sources, meters);
    }

    @Bean
    TaskExecutors batchTaskExecutors(CalciteSqlQueries engine, OrgCatalog catalog, TimeSeriesModule timeSeries,
                                     ExternalSources sources, ExportService exports, BatchProperties p,
                                     OpenEnosProperties props, ObjectProvider<FlinkBatchQueries> flink,
                                     ObjectProvider<BatchClusterProperties> cluster) {
        ZoneId zone = ZoneId.of(p.zone());
        return new TaskExecutors()
                .plug(new SqlTaskExecutor(sqlEngines(engine, flink.getIfAvailable(), cluster.getIfAvailable()),
                        catalog, timeSeries.ingest(), sources, zone))
                .plug(new SyncTaskExecutor(engine, sources, props.dataDir().resolve("batch").resolve("files"),
                        zone))
                .plug(new ExportTaskExecutor(exports, timeSeries::awaitStored));
    }

    @Bean(destroyMethod = "close")
    WorkflowRunner workflowRunner(RunRepository runs, TaskExecutors executors, BatchSettings settings, Clock clock,
                                  MeterRegistry meters) {
        return new WorkflowRunner(runs, executors, settings, clock, meters);
    }

    @Bean(destroyMethod = "close")
    DbBatchScheduler batchScheduler(DataSource dataSource, WorkflowRunner runner, RunRepository runs,
                                    ObjectProvider<WorkflowService> service, BatchProperties p,
                                    OpenEnosProperties props) {
        DbBatchScheduler scheduler = new DbBatchScheduler(dataSource, new DbBatchScheduler.Config(nodeName(props),
                p.schedulerThreads(), p.tick(), p.heartbeat(), Duration.ofSeconds(1)), runner::drain,
                () -> service.getObject().fireDue(), runs::flowsWithWork);
        scheduler.start();
        return scheduler;
    }

    @Bean
    WorkflowService workflowService(WorkflowRepository workflows, RunRepository runs, TaskExecutors executors,
                                    DbBatchScheduler scheduler, BatchSettings settings, Clock clock) {
        return new WorkflowService(workflows, runs, executors, scheduler, settings, clock);
    }

    /** Calcite in this server, and Flink on the session cluster when it is configured (ADR 0130). */
    private static SqlTaskExecutor.Engines sqlEngines(CalciteSqlQueries calcite, FlinkBatchQueries flink,
                                                      BatchClusterProperties cluster) {
        SqlTaskExecutor.StepQueries onCluster = flink == null ? null
                : (ctx, sql, limits) -> flink.query(ctx.orgId(), sql, limits, ctx.log(), ctx::checkStop);
        return new SqlTaskExecutor.Engines((ctx, sql, limits) -> calcite.query(ctx.orgId(), sql, limits,
                ctx::checkStop), onCluster, cluster == null ? SqlTaskExecutor.CALCITE
                : cluster.defaultEngine().strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** This server among the scheduler's nodes: host name and data directory, both stable across restarts. */
    private static String nodeName(OpenEnosProperties props) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + props.dataDir().toAbsolutePath().normalize();
    }
}
