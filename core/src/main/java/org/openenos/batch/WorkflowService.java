package org.openenos.batch;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * Workflows as users manage them: save (checked: a DAG, known task kinds, valid cron), enable/disable scheduling,
 * trigger a run (a past trigger time is a backfill of that business date), backfill a date range, re-run a task and
 * its successors, cancel. Runs are queued as instances and executed by the {@link WorkflowRunner} the
 * {@link BatchScheduler} drives, one instance of a flow at a time.
 */
public final class WorkflowService {
    private static final int MAX_TASKS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowService.class);
    private static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");
    private final WorkflowRepository workflows;
    private final RunRepository runs;
    private final TaskExecutors executors;
    private final BatchScheduler scheduler;
    private final BatchSettings settings;
    private final Clock clock;

    public WorkflowService(WorkflowRepository workflows, RunRepository runs, TaskExecutors executors,
                           BatchScheduler scheduler, BatchSettings settings, Clock clock) {
        this.workflows = workflows;
        this.runs = runs;
        this.executors = executors;
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
    }

    public Workflow create(Workflow draft) {
        check(draft);
        Instant now = clock.instant();
        Workflow stored = workflows.insert(new Workflow(0, draft.orgId(), draft.name().strip(), draft.desc(),
                draft.cron(), draft.cycle(), draft.active(), draft.parameters(), draft.tasks(), draft.relations(),
                draft.upstreamFlows(), now, now, draft.policy()));
        return stored;
    }

    public Workflow update(Workflow changed) {
        Workflow old = get(changed.orgId(), changed.flowId());
        check(changed);
        Workflow w = new Workflow(old.flowId(), old.orgId(), changed.name().strip(), changed.desc(), changed.cron(),
                changed.cycle(), changed.active(), changed.parameters(), changed.tasks(), changed.relations(),
                changed.upstreamFlows(), old.createTime(), clock.instant(), changed.policy());
        workflows.update(w);
        return w;
    }

    private void check(Workflow w) {
        if (w.name() == null || w.name().isBlank() || w.name().length() > 256) {
            throw OpenEnosException.badArgument("flowName is required (at most 256 characters)");
        }
        if (w.tasks().size() > MAX_TASKS) {
            throw OpenEnosException.badArgument("a workflow has at most " + MAX_TASKS + " tasks");
        }
        for (TaskSpec t : w.tasks()) {
            if (t.name() == null || t.name().isBlank() || t.name().length() > TaskSpec.MAX_NAME) {
                throw OpenEnosException.badArgument("every task needs a name of at most " + TaskSpec.MAX_NAME
                        + " characters");
            }
            if (t.kind() == null) {
                throw OpenEnosException.badArgument("task " + t.name() + " needs a type: SQL, SYNC or EXPORT");
            }
            if (t.timeoutSeconds() < 0 || t.retryLimit() < 0 || t.retryLimit() > 10 || t.retryIntervalSeconds() < 0
                    || t.maxRows() < 0) {
                throw OpenEnosException.badArgument("task " + t.name() + ": timeout, retryLimit (0–10), "
                        + "retryInterval and maxRows must not be negative");
            }
            try {
                executors.validate(t);
            } catch (IllegalArgumentException e) {
                throw OpenEnosException.badArgument(e.getMessage());
            }
        }
        WorkflowDag.of(w);
        if (w.active() && (w.cron() == null || w.cron().isBlank())) {
            throw OpenEnosException.badArgument("an active (scheduled) workflow needs a cron (freq)");
        }
        if (w.cron() != null && !w.cron().isBlank()) {
            QuartzCron.parse(w.cron());
        }
        for (long up : w.upstreamFlows()) {
            if (up == w.flowId() || workflows.find(w.orgId(), up).isEmpty()) {
                throw OpenEnosException.badArgument("upstream flow " + up + " is not another workflow of the "
                        + "organization");
            }
        }
    }

    public Workflow get(String orgId, long flowId) {
        return workflows.find(orgId, flowId)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "workflow " + flowId));
    }

    public List<Workflow> search(WorkflowRepository.Query q) {
        return workflows.search(q);
    }

    public long count(WorkflowRepository.Query q) {
        return workflows.count(q);
    }

    public void delete(String orgId, long flowId) {
        if (!workflows.delete(orgId, flowId)) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "workflow " + flowId);
        }
    }

    public Workflow setActive(String orgId, long flowId, boolean active) {
        Workflow w = get(orgId, flowId);
        if (active && (w.cron() == null || w.cron().isBlank())) {
            throw OpenEnosException.badArgument("workflow " + flowId + " has no cron (freq) to be scheduled by");
        }
        Workflow changed = w.withActive(active, clock.instant());
        workflows.update(changed);
        return changed;
    }

    /**
     * Queues a run for {@code triggerTime} (now when null); a past time runs at once with that time's business
     * date. Overlapping runs of the flow wait for each other.
     */
    public FlowInstance trigger(String orgId, long flowId, Instant triggerTime, Map<String, String> parameters) {
        Workflow w = get(orgId, flowId);
        FlowInstance i = enqueue(w, triggerTime == null ? clock.instant() : triggerTime, parameters);
        scheduler.wake(flowId);
        return i;
    }

    /** One run per business date from {@code from} to {@code to} (inclusive), oldest first. */
    public List<FlowInstance> backfill(String orgId, long flowId, LocalDate from, LocalDate to,
                                       Map<String, String> parameters) {
        Workflow w = get(orgId, flowId);
        if (from == null || to == null || to.isBefore(from)) {
            throw OpenEnosException.badArgument("backfill needs startDate <= endDate");
        }
        if (from.plusDays(settings.maxBackfillDays()).isBefore(to.plusDays(1))) {
            throw OpenEnosException.badArgument("a backfill covers at most " + settings.maxBackfillDays() + " days");
        }
        List<FlowInstance> queued = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            queued.add(enqueue(w, d.plusDays(1).atStartOfDay(settings.zone()).toInstant(), parameters));
        }
        scheduler.wake(flowId);
        return queued;
    }

    private FlowInstance enqueue(Workflow w, Instant triggerTime, Map<String, String> overrides) {
        Map<String, String> params = new HashMap<>(w.parameters());
        if (overrides != null) {
            params.putAll(overrides);
        }
        Instant now = clock.instant();
        FlowInstance draft = new FlowInstance(0, w.flowId(), w.orgId(), w.name(), InstanceStatus.WAIT, null,
                triggerTime, SystemVariables.businessDate(triggerTime, settings.zone()), params, w, now, null, null);
        List<TaskInstance> tasks = w.tasks().stream().map(t -> new TaskInstance(0, 0, t.name(), t.kind(),
                InstanceStatus.INIT, 0, 0, null, null, null)).toList();
        return runs.insert(draft, tasks);
    }

    public FlowInstance instance(String orgId, long instanceId) {
        return runs.find(orgId, instanceId)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "flow instance " + instanceId));
    }

    public List<TaskInstance> tasks(String orgId, long instanceId) {
        return runs.tasks(instance(orgId, instanceId).instanceId());
    }

    public List<FlowInstance> searchInstances(RunRepository.Query q) {
        return runs.search(q);
    }

    public long countInstances(RunRepository.Query q) {
        return runs.count(q);
    }

    public TaskInstance taskInstance(String orgId, long taskInstId) {
        TaskInstance t = runs.task(taskInstId)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "task instance " + taskInstId));
        instance(orgId, t.instanceId());
        return t;
    }

    public List<String> log(String orgId, long taskInstId, int offset, int limit) {
        return runs.log(taskInstance(orgId, taskInstId).taskInstId(), offset, limit);
    }

    /**
     * Re-runs a task of a finished instance, and with {@code successors} every task downstream of it along
     * relations marked rerun; the instance is queued again and its other tasks keep their results.
     */
    public FlowInstance rerun(String orgId, long instanceId, String taskName, boolean successors) {
        FlowInstance i = instance(orgId, instanceId);
        if (!i.status().finished()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "flow instance " + instanceId + " is still "
                    + i.status().name().toLowerCase() + ": re-run it once it has finished");
        }
        WorkflowDag dag = WorkflowDag.of(i.definition());
        Set<String> downstream = dag.withRerunSuccessors(taskName); // also refuses an unknown task
        Set<String> again = successors ? downstream : Set.of(taskName);
        for (TaskInstance t : runs.tasks(instanceId)) {
            if (again.contains(t.taskName())) {
                runs.update(t.with(InstanceStatus.INIT, 0, 0, "re-run requested", null, null));
                runs.appendLog(t.taskInstId(), clock.instant(), "re-run requested");
            }
        }
        FlowInstance queued = i.with(InstanceStatus.RERUN, "re-run of " + taskName + (successors
                ? " and its successors" : ""), i.startTime(), null);
        if (!runs.update(queued, i.status())) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "flow instance " + instanceId + " changed meanwhile");
        }
        scheduler.wake(i.flowId());
        return queued;
    }

    /** Cancels a queued or running instance; a running task is interrupted. */
    public void cancel(String orgId, long instanceId) {
        FlowInstance i = instance(orgId, instanceId);
        if (i.status().finished()) {
            return;
        }
        if (!runs.update(i.with(InstanceStatus.CANCEL, "canceled", i.startTime(), clock.instant()), i.status())) {
            cancel(orgId, instanceId);
        }
    }

    /**
     * When the workflow's cron fires next after {@code now}; never for a cron that no longer parses (one saved before
     * the stricter Quartz rules), so one bad workflow does not stop the others from firing.
     */
    private Instant nextFireTime(Workflow w, Instant now) {
        try {
            ZonedDateTime next = QuartzCron.parse(w.cron()).next(now.atZone(settings.zone()), settings.zone());
            return next == null ? NEVER : next.toInstant();
        } catch (OpenEnosException e) {
            LOG.warn("workflow {} of organization {} is not scheduled again: {}", w.flowId(), w.orgId(),
                    e.getMessage());
            return NEVER;
        }
    }

    /**
     * Queues a run of every active workflow whose cron fired; each firing once in a cluster. Firings that fell while
     * no server ran are run per the workflow's {@link RunPolicy.CatchUp} (by default once, for the latest).
     */
    public int fireDue() {
        Instant now = clock.instant();
        int fired = 0;
        for (Workflow w : workflows.dueForFiring(now)) {
            Instant recorded = workflows.nextFireTime(w.flowId()).orElse(null);
            Instant nextTime = nextFireTime(w, now);
            if (!workflows.advanceFireTime(w.flowId(), recorded, nextTime)) {
                continue;
            }
            if (recorded == null || NEVER.equals(recorded)) {
                continue;
            }
            MissedFirings.Plan plan;
            try {
                plan = MissedFirings.plan(QuartzCron.parse(w.cron()), settings.zone(), w.policy().catchUp(),
                        recorded, now);
            } catch (OpenEnosException e) {
                continue; // a cron that no longer parses: nextFireTime set it to never
            }
            if (plan.skipped() > 0) {
                LOG.info("workflow {} of organization {}: {} firing(s) since {} missed while no server ran are "
                        + "skipped (catchUp {}); running {}", w.flowId(), w.orgId(), plan.skipped(), recorded,
                        w.policy().catchUp(), plan.run());
            }
            for (Instant firing : plan.run()) {
                enqueue(w, firing, Map.of());
                fired++;
            }
            if (!plan.run().isEmpty()) {
                scheduler.wake(w.flowId());
            }
        }
        return fired;
    }
}
