package org.openenos.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of batch processing (workflows, their scheduler and task limits; docs/batch.md).
 *
 * @param zone               time zone of business dates (the business date cal_dt is the trigger date minus one day
 *                           there) and of workflow crons
 * @param maxConcurrentTasks tasks of all workflows that run at once on this server; further ready tasks wait
 * @param maxTaskTime        the longest any task may run (a task's own timeout may be shorter)
 * @param maxTaskRows        the most rows a task may read or write (a task's own maxRows may be smaller)
 * @param maxBackfillDays    the most business dates one backfill may cover
 * @param tick               how often the scheduler fires due crons and looks for queued runs
 * @param schedulerThreads   threads of the scheduler: flows whose runs are drained at once on this server
 * @param heartbeat          heartbeat of running flow executions; a server silent for four heartbeats is taken for
 *                           dead and its runs are resumed by another (or by itself after a restart)
 */
@ConfigurationProperties("openenos.batch")
public record BatchProperties(@DefaultValue("UTC") String zone,
                              @DefaultValue("2") int maxConcurrentTasks,
                              @DefaultValue("1h") Duration maxTaskTime,
                              @DefaultValue("1000000") long maxTaskRows,
                              @DefaultValue("366") int maxBackfillDays,
                              @DefaultValue("5s") Duration tick,
                              @DefaultValue("4") int schedulerThreads,
                              @DefaultValue("10s") Duration heartbeat) {
}
