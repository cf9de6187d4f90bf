package org.openenos.batch.postgres;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.openenos.batch.BatchScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch scheduling on db-scheduler over PostgreSQL (table {@code batch_scheduled_tasks}, V101). Two tasks:
 * <ul>
 * <li>{@code batch-run/<flowId>}: drains one flow's queued instances. Its instance id is the flow id, so a flow has
 * at most one execution at a time in the whole cluster; a node that dies while running it stops sending heartbeats
 * and another node (or this one after a restart) revives the execution, which resumes the interrupted run.</li>
 * <li>{@code batch-tick}: every {@code tick}, on one node, fires due crons and wakes flows with queued work (a run
 * queued while its flow's execution was finishing is picked up there).</li>
 * </ul>
 */
public final class DbBatchScheduler implements BatchScheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DbBatchScheduler.class);
    private static final String TABLE = "batch_scheduled_tasks";
    private final OneTimeTask<Void> run;
    private final Scheduler scheduler;

    public record Config(String nodeName, int threads, Duration tick, Duration heartbeat, Duration polling) {
    }

    /**
     * @param drain    runs the queued instances of a flow (the workflow runner)
     * @param tick     fires due crons
     * @param withWork flows with queued or running instances
     */
    public DbBatchScheduler(DataSource dataSource, Config config, LongConsumer drain, Runnable tick,
                            Supplier<List<Long>> withWork) {
        this.run = Tasks.oneTime("batch-run").execute((instance, ctx) -> drain.accept(Long.parseLong(instance.getId())));
        RecurringTask<Void> ticker = Tasks.recurring("batch-tick", FixedDelay.of(config.tick()))
                .execute((instance, ctx) -> {
                    tick.run();
                    withWork.get().forEach(this::wake);
                });
        this.scheduler = Scheduler.create(dataSource, List.of(run)).startTasks(ticker).tableName(TABLE)
                .threads(config.threads()).pollingInterval(config.polling()).heartbeatInterval(config.heartbeat())
                .missedHeartbeatsLimit(4).schedulerName(new SchedulerName.Fixed(config.nodeName()))
                .enableImmediateExecution()
                // a stopping server interrupts its runs after a second: the runner stops their tasks and leaves
                // them running in the store, resumed per the workflow's policy (not a wait of db-scheduler's 30 min)
                .shutdownMaxWait(Duration.ofSeconds(1)).build();
    }

    public void start() {
        scheduler.start();
    }

    @Override
    public void wake(long flowId) {
        try {
            scheduler.scheduleIfNotExists(new TaskInstance<>(run.getName(), Long.toString(flowId)), Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("Could not schedule a run of batch flow {}; the next tick retries: {}", flowId, e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.stop();
    }
}
