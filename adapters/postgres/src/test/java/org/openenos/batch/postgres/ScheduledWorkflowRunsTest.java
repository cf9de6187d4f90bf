package org.openenos.batch.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.batch.BatchSettings;
import org.openenos.batch.FlowInstance;
import org.openenos.batch.InstanceStatus;
import org.openenos.batch.Relation;
import org.openenos.batch.TaskContext;
import org.openenos.batch.TaskExecutor;
import org.openenos.batch.TaskExecutors;
import org.openenos.batch.TaskInstance;
import org.openenos.batch.TaskKind;
import org.openenos.batch.TaskSpec;
import org.openenos.batch.Workflow;
import org.openenos.batch.WorkflowRunner;
import org.openenos.batch.WorkflowService;
import org.openenos.registry.postgres.MetadataDatabase;
import org.openenos.testkit.Await;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workflows queued, scheduled and run through db-scheduler on a real PostgreSQL. The task executor is a scripted
 * stand-in (the SQL and sync executors have their own tests): it records each run's business date and fails on
 * demand.
 */
class ScheduledWorkflowRunsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** One database for the class: a start with every migration costs seconds, emptying the batch tables does not. */
    private static MetadataDatabase db;
    private PostgresRunRepository runs;
    private PostgresWorkflowRepository workflows;
    private WorkflowRunner runner;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DbBatchScheduler scheduler;
    private WorkflowService service;
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final TaskExecutor scripted = new TaskExecutor() {
        @Override
        public TaskKind kind() {
            return TaskKind.SQL;
        }

        @Override
        public String execute(TaskContext ctx) {
            int n = calls.computeIfAbsent(ctx.task().name(), k -> new AtomicInteger()).incrementAndGet();
            seen.add(ctx.task().name() + "@" + ctx.setting("day"));
            ctx.log().info("call " + n);
            if (failing.contains(ctx.task().name())) {
                throw new IllegalStateException("source table missing");
            }
            if ("blocked".equals(ctx.setting("mode"))) {
                try {
                    Thread.sleep(120_000); // a call that never looks at checkStop, like a JDBC read
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted");
                }
            }
            if ("short".equals(ctx.setting("mode"))) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted");
                }
            }
            if ("slow".equals(ctx.setting("mode"))) {
                while (true) {
                    ctx.checkStop();
                    Thread.onSpinWait();
                }
            }
            return "ok " + ctx.setting("day");
        }
    };

    @BeforeAll
    static void startDatabase() throws Exception {
        db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                Files.createTempDirectory("openenos-pg-batch").resolve("postgres"), 0, 4));
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    @BeforeEach
    void start() throws Exception {
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        runs = new PostgresRunRepository(jdbc, new TransactionTemplate(new DataSourceTransactionManager(
                db.dataSource())));
        workflows = new PostgresWorkflowRepository(jdbc);
        BatchSettings settings = new BatchSettings(java.time.ZoneId.of("UTC"), 2, Duration.ofMinutes(5), 1000, 31);
        TaskExecutors executors = new TaskExecutors().plug(scripted);
        runner = new WorkflowRunner(runs, executors, settings, Clock.systemUTC(), meters);
        java.util.concurrent.atomic.AtomicReference<WorkflowService> ref = new java.util.concurrent.atomic.AtomicReference<>();
        scheduler = new DbBatchScheduler(db.dataSource(), new DbBatchScheduler.Config("node-a", 2,
                Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(200)), runner::drain,
                () -> ref.get().fireDue(), runs::flowsWithWork);
        service = new WorkflowService(workflows, runs, executors, scheduler, settings, Clock.systemUTC());
        ref.set(service);
        scheduler.start();
    }

    @AfterEach
    void stop() {
        scheduler.close();
        runner.close();
        // a task cut by the close writes its end first; then the next test starts on empty batch tables, as on a
        // new database (ids from 1 again)
        Await.atMost(WAIT).until("the cut tasks ended",
                () -> meters.get("openenos.batch.tasks.running").gauge().value() == 0);
        JdbcClient.create(db.dataSource()).sql("TRUNCATE batch_task_logs, batch_task_instances, batch_flow_instances,"
                + " batch_workflows, batch_scheduled_tasks, batch_sources RESTART IDENTITY CASCADE").update();
    }

    private static TaskSpec task(String name, int retries, Map<String, String> config) {
        return new TaskSpec(name, TaskKind.SQL, config, 60, retries, 0, 0);
    }

    private Workflow workflow(String org, List<TaskSpec> tasks, List<Relation> relations) {
        return service.create(new Workflow(0, org, "daily kpi", null, null, "D", false, Map.of("d", "${cal_dt}"),
                tasks, relations, null, null, null));
    }

    private FlowInstance finished(String org, long instanceId) {
        return Await.atMost(WAIT).until("instance " + instanceId + " finished",
                () -> service.instance(org, instanceId), i -> i.status().finished());
    }

    @Test
    void aBackfillOfSevenDaysRunsOneInstancePerBusinessDateOneAfterAnother() {
        Workflow w = workflow("org1", List.of(task("kpi", 0, Map.of("day", "${d}"))), List.of());
        List<FlowInstance> queued = service.backfill("org1", w.flowId(), LocalDate.parse("2026-02-01"),
                LocalDate.parse("2026-02-07"), Map.of());
        assertThat(queued).hasSize(7);
        for (FlowInstance i : queued) {
            assertThat(finished("org1", i.instanceId()).status()).isEqualTo(InstanceStatus.SUCCESS);
        }
        assertThat(seen).containsExactly("kpi@2026-02-01", "kpi@2026-02-02", "kpi@2026-02-03", "kpi@2026-02-04",
                "kpi@2026-02-05", "kpi@2026-02-06", "kpi@2026-02-07");
        assertThat(queued.get(0).calDt()).isEqualTo(LocalDate.parse("2026-02-01"));
        assertThat(queued.get(0).triggerTime()).isEqualTo(Instant.parse("2026-02-02T00:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.instance("org2", queued.get(0)
                .instanceId())).as("another organization").hasMessageContaining("not found");
    }

    @Test
    void aFailingTaskIsRetriedThenFailsItsRunAndAReRunByHandRunsItAndItsSuccessors() {
        failing.add("load");
        Workflow w = workflow("org1", List.of(task("load", 2, Map.of("day", "${cal_dt}")),
                        task("kpi", 0, Map.of("day", "${cal_dt}")), task("audit", 0, Map.of("day", "x"))),
                List.of(new Relation("load", "kpi", true), new Relation("audit", "kpi", false)));
        FlowInstance i = service.trigger("org1", w.flowId(), Instant.parse("2026-03-02T00:00:00Z"), null);
        FlowInstance failed = finished("org1", i.instanceId());
        assertThat(failed.status()).isEqualTo(InstanceStatus.FAIL);
        assertThat(failed.statusDesc()).contains("load: source table missing");
        Map<String, TaskInstance> tasks = byName(service.tasks("org1", i.instanceId()));
        assertThat(tasks.get("load").status()).isEqualTo(InstanceStatus.FAIL);
        assertThat(tasks.get("load").attempts()).as("one attempt and two retries").isEqualTo(3);
        assertThat(tasks.get("kpi").status()).as("never started").isEqualTo(InstanceStatus.INIT);
        assertThat(tasks.get("audit").status()).isEqualTo(InstanceStatus.SUCCESS);
        assertThat(service.log("org1", tasks.get("load").taskInstId(), 0, 100))
                .anyMatch(l -> l.endsWith("attempt 3 of 3 started")).anyMatch(l -> l.contains("source table missing"));

        failing.clear();
        service.rerun("org1", i.instanceId(), "load", true);
        FlowInstance again = finished("org1", i.instanceId());
        assertThat(again.status()).isEqualTo(InstanceStatus.SUCCESS);
        tasks = byName(service.tasks("org1", i.instanceId()));
        assertThat(tasks.values()).allMatch(t -> t.status() == InstanceStatus.SUCCESS);
        assertThat(calls.get("audit")).as("not downstream of load: kept its result").hasValue(1);
        assertThat(calls.get("kpi")).hasValue(1);
        assertThat(tasks.get("kpi").durationMillis()).isNotNull();
    }

    @Test
    void aTaskOverItsTimeOutIsStoppedAndMarkedTimedOut() {
        Workflow w = service.create(new Workflow(0, "org1", "slow", null, null, "D", false, null,
                List.of(new TaskSpec("spin", TaskKind.SQL, Map.of("mode", "slow", "day", "x"), 1, 0, 0, 0)),
                List.of(), null, null, null));
        FlowInstance i = service.trigger("org1", w.flowId(), null, null);
        assertThat(finished("org1", i.instanceId()).status()).isEqualTo(InstanceStatus.TIMEOUT);
    }

    @Test
    void aRunLeftRunningByAServerStopIsRetriedPerItsPolicyWhenItsFlowIsDrainedAgain() {
        Workflow w = workflow("org1", List.of(task("kpi", 1, Map.of("day", "${cal_dt}")),
                task("once", 0, Map.of("day", "${cal_dt}"))), List.of());
        scheduler.close(); // no scheduler: the test plays the crashed node by hand
        FlowInstance i = service.trigger("org1", w.flowId(), Instant.parse("2026-03-02T00:00:00Z"), null);
        runs.update(i.with(InstanceStatus.RUNNING, null, Instant.now(), null), InstanceStatus.WAIT);
        for (TaskInstance t : runs.tasks(i.instanceId())) {
            runs.update(t.with(InstanceStatus.RUNNING, 1, 10, null, Instant.now(), null));
        }
        runner.drain(w.flowId());
        FlowInstance after = service.instance("org1", i.instanceId());
        Map<String, TaskInstance> tasks = byName(service.tasks("org1", i.instanceId()));
        assertThat(tasks.get("kpi").status()).as("had a retry left").isEqualTo(InstanceStatus.SUCCESS);
        assertThat(tasks.get("once").status()).isEqualTo(InstanceStatus.FAIL);
        assertThat(tasks.get("once").message()).contains("interrupted by a server stop");
        assertThat(after.status()).isEqualTo(InstanceStatus.FAIL);
    }

    @Test
    void anActiveWorkflowIsFiredByItsCronOnceAndAnotherOrganizationCannotSeeIt() {
        Workflow w = service.create(new Workflow(0, "org1", "every second", null, "* * * * * ? *", "D", true, null,
                List.of(task("kpi", 0, Map.of("day", "${cal_dt}"))), List.of(), null, null, null));
        Await.atMost(WAIT).until("two cron runs", () -> runs.count(new org.openenos.batch.RunRepository.Query(
                "org1", w.flowId(), null, Set.of(InstanceStatus.SUCCESS), null, null, 0, 10)) >= 2);
        service.setActive("org1", w.flowId(), false);
        assertThat(workflows.find("org2", w.flowId())).isEmpty();
        assertThat(runs.search(new org.openenos.batch.RunRepository.Query("org2", null, null, null, null, null, 0,
                10))).isEmpty();
    }

    @Test
    void aStoredCronThatNoLongerParsesDoesNotStopAnotherWorkflowFromFiring() {
        // saved before crons were checked by Quartz's rules: a day of month and a day of week both set
        Workflow stale = workflows.insert(new Workflow(0, "org1", "stale cron", null, "0 0 8 1 * MON *", "D", true, null,
                List.of(task("old", 0, Map.of("day", "${cal_dt}"))), List.of(), null, java.time.Instant.now(),
                java.time.Instant.now()));
        Workflow w = service.create(new Workflow(0, "org1", "every second", null, "* * * * * ? *", "D", true, null,
                List.of(task("kpi", 0, Map.of("day", "${cal_dt}"))), List.of(), null, null, null));
        Await.atMost(WAIT).until("a cron run", () -> runs.count(new org.openenos.batch.RunRepository.Query(
                "org1", w.flowId(), null, Set.of(InstanceStatus.SUCCESS), null, null, 0, 10)) >= 1);
        service.setActive("org1", w.flowId(), false);
        assertThat(workflows.nextFireTime(stale.flowId())).as("the stale cron is set to fire never")
                .hasValueSatisfying(t -> assertThat(t.atZone(java.time.ZoneOffset.UTC).getYear()).isEqualTo(9999));
    }

    @Test
    void aRunOfAWorkflowThatReferencesAnotherWaitsForThatWorkflowsSuccessOnTheSameBusinessDate() {
        Workflow upstream = workflow("org1", List.of(task("load", 0, Map.of("day", "${cal_dt}"))), List.of());
        Workflow downstream = service.create(new Workflow(0, "org1", "report", null, null, "D", false, null,
                List.of(task("report", 0, Map.of("day", "${cal_dt}"))), List.of(), List.of(upstream.flowId()), null,
                null));
        Instant trigger = Instant.parse("2026-04-02T00:00:00Z");
        FlowInstance waiting = service.trigger("org1", downstream.flowId(), trigger, null);
        Await.atMost(WAIT).until("waiting for the upstream flow", () -> service.instance("org1",
                waiting.instanceId()), i -> i.statusDesc() != null && i.statusDesc().startsWith("waiting for flow"));
        assertThat(seen).isEmpty();
        service.trigger("org1", upstream.flowId(), trigger, null);
        assertThat(finished("org1", waiting.instanceId()).status()).isEqualTo(InstanceStatus.SUCCESS);
        assertThat(seen).containsExactly("load@2026-04-01", "report@2026-04-01");
    }

    @Test
    void aCancelIsSeenWhileTasksKeepFinishingAndTheTasksNotStartedAreCanceled() {
        List<TaskSpec> chain = new java.util.ArrayList<>();
        List<Relation> links = new java.util.ArrayList<>();
        for (int n = 0; n < 60; n++) {
            chain.add(task("t" + n, 0, Map.of("mode", "short", "day", "x")));
            if (n > 0) {
                links.add(new Relation("t" + (n - 1), "t" + n, true));
            }
        }
        Workflow w = workflow("org1", chain, links);
        FlowInstance i = service.trigger("org1", w.flowId(), null, null);
        Await.atMost(WAIT).until("a few tasks ran", () -> calls.size() >= 3);
        service.cancel("org1", i.instanceId());
        long canceledAt = System.nanoTime();
        Await.atMost(WAIT).until("no task runs any more", () -> byName(service.tasks("org1", i.instanceId()))
                .values().stream().noneMatch(t -> t.status() == InstanceStatus.RUNNING || t.status().queued()));
        assertThat(service.instance("org1", i.instanceId()).status()).isEqualTo(InstanceStatus.CANCEL);
        assertThat(calls.size()).as("the chain stopped soon after the cancel").isLessThan(20);
        assertThat(System.nanoTime() - canceledAt).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(byName(service.tasks("org1", i.instanceId())).get("t59").status())
                .isEqualTo(InstanceStatus.CANCEL);
    }

    @Test
    void aCancelInterruptsATaskBlockedInACallThatNeverChecksForIt() {
        Workflow w = workflow("org1", List.of(task("read", 3, Map.of("mode", "blocked", "day", "x"))), List.of());
        FlowInstance i = service.trigger("org1", w.flowId(), null, null);
        Await.atMost(WAIT).until("the task runs", () -> calls.containsKey("read"));
        service.cancel("org1", i.instanceId());
        TaskInstance t = Await.atMost(Duration.ofSeconds(5)).until("the task ended",
                () -> service.tasks("org1", i.instanceId()).getFirst(), x -> x.status().finished());
        assertThat(t.status()).isEqualTo(InstanceStatus.CANCEL);
        assertThat(calls.get("read")).as("a canceled task is not retried").hasValue(1);
    }

    @Test
    void anInterruptedDrainReturnsAtOnceAndLeavesTheRunToBeResumedPerItsWorkflowsPolicy() throws Exception {
        Workflow w = service.create(new Workflow(0, "org1", "resumable", null, null, "D", false, null,
                List.of(task("first", 0, Map.of("day", "${cal_dt}")),
                        task("long", 0, Map.of("mode", "blocked", "day", "${cal_dt}"))),
                List.of(new Relation("first", "long", true)), null, null, null,
                new org.openenos.batch.RunPolicy(null, org.openenos.batch.RunPolicy.OnInterrupt.RESUME)));
        scheduler.close(); // the test drives the runner as the scheduler's thread would
        FlowInstance i = service.trigger("org1", w.flowId(), Instant.parse("2026-03-02T00:00:00Z"), null);
        Thread drain = new Thread(() -> runner.drain(w.flowId()));
        drain.start();
        Await.atMost(WAIT).until("the long task runs", () -> calls.containsKey("long"));
        long interruptedAt = System.nanoTime();
        drain.interrupt();
        drain.join(Duration.ofSeconds(5));
        assertThat(drain.isAlive()).as("the drain returned").isFalse();
        assertThat(System.nanoTime() - interruptedAt).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(service.instance("org1", i.instanceId()).status()).isEqualTo(InstanceStatus.RUNNING);
        Map<String, TaskInstance> cut = byName(service.tasks("org1", i.instanceId()));
        assertThat(cut.get("first").status()).isEqualTo(InstanceStatus.SUCCESS);
        assertThat(cut.get("long").status()).as("left as a crash leaves it").isEqualTo(InstanceStatus.RUNNING);

        failing.clear();
        seen.clear();
        // the next start runs the flow again: RESUME re-runs the cut task although it has no retry left
        Workflow stored = workflows.find(w.flowId()).orElseThrow();
        assertThat(stored.policy().onInterrupt()).isEqualTo(org.openenos.batch.RunPolicy.OnInterrupt.RESUME);
        calls.clear();
        Thread again = new Thread(() -> runner.drain(w.flowId()));
        again.start();
        Await.atMost(WAIT).until("the cut task runs again", () -> calls.containsKey("long"));
        assertThat(calls).as("the finished task kept its result").doesNotContainKey("first");
        again.interrupt();
        again.join(Duration.ofSeconds(5));
    }

    @Test
    void firingsMissedWhileNoServerRanAreRunPerTheWorkflowsCatchUpPolicy() {
        scheduler.close();
        Map<org.openenos.batch.RunPolicy.CatchUp, Long> flows = new java.util.EnumMap<>(
                org.openenos.batch.RunPolicy.CatchUp.class);
        for (var policy : org.openenos.batch.RunPolicy.CatchUp.values()) {
            Workflow w = service.create(new Workflow(0, "org1", "daily " + policy, null, "0 0 1 * * ? *", "D", true,
                    null, List.of(task("kpi", 0, Map.of("day", "${cal_dt}"))), List.of(), null, null, null,
                    new org.openenos.batch.RunPolicy(policy, null)));
            flows.put(policy, w.flowId());
        }
        service.fireDue(); // first look at the crons: next firing times recorded, nothing runs
        Instant threeDaysAgo = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusDays(3)
                .withHour(1).withMinute(0).withSecond(0).withNano(0).toInstant();
        flows.values().forEach(id -> workflows.advanceFireTime(id, workflows.nextFireTime(id).orElseThrow(),
                threeDaysAgo)); // the servers were down since before that firing
        service.fireDue();
        Map<org.openenos.batch.RunPolicy.CatchUp, List<FlowInstance>> queued = new java.util.EnumMap<>(
                org.openenos.batch.RunPolicy.CatchUp.class);
        flows.forEach((policy, id) -> queued.put(policy, runs.search(new org.openenos.batch.RunRepository.Query(
                "org1", id, null, null, null, null, 0, 100))));
        Instant latest = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withHour(1).withMinute(0)
                .withSecond(0).withNano(0).toInstant();
        Instant latestFiring = latest.isAfter(Instant.now()) ? latest.minus(Duration.ofDays(1)) : latest;
        assertThat(queued.get(org.openenos.batch.RunPolicy.CatchUp.LAST)).singleElement()
                .satisfies(r -> assertThat(r.triggerTime()).isEqualTo(latestFiring));
        assertThat(queued.get(org.openenos.batch.RunPolicy.CatchUp.ALL)).extracting(FlowInstance::triggerTime)
                .hasSize((int) Duration.between(threeDaysAgo, latestFiring).toDays() + 1)
                .contains(threeDaysAgo, latestFiring);
        assertThat(queued.get(org.openenos.batch.RunPolicy.CatchUp.NONE)).isEmpty();
        flows.values().forEach(id -> assertThat(workflows.nextFireTime(id)).hasValueSatisfying(
                t -> assertThat(t).isAfter(Instant.now())));
    }

    private static Map<String, TaskInstance> byName(List<TaskInstance> tasks) {
        Map<String, TaskInstance> m = new java.util.HashMap<>();
        tasks.forEach(t -> m.put(t.taskName(), t));
        return m;
    }
}
