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
import org.junit.jupiter.api.AfterEach;
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
    private MetadataDatabase db;
    private PostgresRunRepository runs;
    private PostgresWorkflowRepository workflows;
    private WorkflowRunner runner;
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
            if ("slow".equals(ctx.setting("mode"))) {
                while (true) {
                    ctx.checkStop();
                    Thread.onSpinWait();
                }
            }
            return "ok " + ctx.setting("day");
        }
    };

    @BeforeEach
    void start() throws Exception {
        db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                Files.createTempDirectory("openenos-pg-batch").resolve("postgres"), 0, 4));
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        runs = new PostgresRunRepository(jdbc, new TransactionTemplate(new DataSourceTransactionManager(
                db.dataSource())));
        workflows = new PostgresWorkflowRepository(jdbc);
        BatchSettings settings = new BatchSettings(java.time.ZoneId.of("UTC"), 2, Duration.ofMinutes(5), 1000, 31);
        TaskExecutors executors = new TaskExecutors().plug(scripted);
        runner = new WorkflowRunner(runs, executors, settings, Clock.systemUTC(), new SimpleMeterRegistry());
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
        db.close();
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

    private static Map<String, TaskInstance> byName(List<TaskInstance> tasks) {
        Map<String, TaskInstance> m = new java.util.HashMap<>();
        tasks.forEach(t -> m.put(t.taskName(), t));
        return m;
    }
}
