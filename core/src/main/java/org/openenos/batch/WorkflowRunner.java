package org.openenos.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executes flow instances. {@link #drain} runs the queued instances of one flow one after another (the scheduler
 * calls it on one node at a time per flow); within an instance, tasks start as soon as all their upstream tasks
 * succeeded, on a pool shared by every flow of this server, so at most {@code maxConcurrentTasks} run at once.
 */
public final class WorkflowRunner implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkflowRunner.class);
    private final RunRepository runs;
    private final TaskAttempts attempts;
    private final BatchSettings settings;
    private final Clock clock;
    private final ExecutorService pool;
    private final MeterRegistry meters;
    private static final long POLL_MILLIS = 200;
    private static final long CANCEL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How long a stopping server waits for its running tasks to notice and end. */
    private static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(10);

    public WorkflowRunner(RunRepository runs, TaskExecutors executors, BatchSettings settings, Clock clock,
                          MeterRegistry meters) {
        this.runs = runs;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.maxConcurrentTasks(), r -> {
            Thread t = new Thread(r, "batch-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.attempts = new TaskAttempts(runs, executors, settings, clock, meters);
        meters.gauge("openenos.batch.tasks.running", attempts, TaskAttempts::running);
    }

    /**
     * Runs the flow's queued instances, oldest trigger first, until none is left or the next one must wait. An
     * interrupt (the server stopping) ends it promptly: running tasks are stopped and the instance is left running,
     * to be resumed per the workflow's policy when the flow is drained again.
     */
    public void drain(long flowId) {
        recoverInterrupted(flowId);
        while (!Thread.currentThread().isInterrupted()) {
            Optional<FlowInstance> next = runs.nextQueued(flowId);
            if (next.isEmpty()) {
                return;
            }
            FlowInstance i = next.get();
            Optional<Long> waitingFor = i.definition().upstreamFlows().stream()
                    .filter(up -> !runs.succeeded(up, i.calDt())).findFirst();
            if (waitingFor.isPresent()) {
                String desc = "waiting for flow " + waitingFor.get() + " of " + i.calDt();
                if (!desc.equals(i.statusDesc())) {
                    runs.update(i.with(InstanceStatus.WAIT, desc, i.startTime(), null), i.status());
                }
                return;
            }
            run(i);
        }
    }

    /**
     * A run found running when its flow is drained was cut by a server stop or crash: its running tasks are re-run
     * or failed per the workflow's {@link RunPolicy.OnInterrupt}; the tasks that had finished keep their results.
     */
    private void recoverInterrupted(long flowId) {
        for (FlowInstance i : runs.running(flowId)) {
            RunPolicy.OnInterrupt policy = i.definition().policy().onInterrupt();
            for (TaskInstance t : runs.tasks(i.instanceId())) {
                if (t.status() != InstanceStatus.RUNNING) {
                    continue;
                }
                TaskSpec spec = i.definition().task(t.taskName());
                boolean again = switch (policy) {
                    case RETRY -> t.attempts() <= spec.retryLimit();
                    case RESUME -> true;
                    case FAIL -> false;
                };
                int attempts = policy == RunPolicy.OnInterrupt.RESUME ? Math.max(0, t.attempts() - 1) : t.attempts();
                String msg = "interrupted by a server stop" + (again ? "; run again (onInterrupt " + policy + ")"
                        : policy == RunPolicy.OnInterrupt.FAIL ? "; failed (onInterrupt FAIL)" : "; no retry left");
                runs.update(t.with(again ? InstanceStatus.WAIT : InstanceStatus.FAIL, attempts, t.progress(),
                        msg, t.startTime(), again ? null : clock.instant()));
                runs.appendLog(t.taskInstId(), clock.instant(), msg);
            }
            runs.update(i.with(InstanceStatus.RERUN, "interrupted by a server stop", i.startTime(), null),
                    InstanceStatus.RUNNING);
            LOG.warn("Flow instance {} of flow {} was interrupted by a server stop; resuming it ({})", i.instanceId(),
                    flowId, policy);
        }
    }

    private void run(FlowInstance queued) {
        FlowInstance i = queued.with(InstanceStatus.RUNNING, null, clock.instant(), null);
        if (!runs.update(i, queued.status())) {
            return; // canceled meanwhile
        }
        WorkflowDag dag = WorkflowDag.of(i.definition());
        Map<String, TaskInstance> state = new HashMap<>();
        runs.tasks(i.instanceId()).forEach(t -> state.put(t.taskName(), t));
        AtomicBoolean canceled = new AtomicBoolean();
        AtomicBoolean stopping = new AtomicBoolean();
        TaskAttempts.Signals signals = new TaskAttempts.Signals(canceled::get, stopping::get);
        ExecutorCompletionService<TaskInstance> done = new ExecutorCompletionService<>(pool);
        Set<String> started = new HashSet<>();
        int inFlight = 0;
        long nextCancelCheck = System.nanoTime() + CANCEL_CHECK_NANOS;
        long stopDeadline = Long.MAX_VALUE;
        while (true) {
            if (!canceled.get() && !stopping.get()) {
                for (String name : dag.order()) {
                    TaskInstance t = state.get(name);
                    if (t.status().queued() && !started.contains(name) && dag.upstreamOf(name).stream()
                            .allMatch(up -> state.get(up).status() == InstanceStatus.SUCCESS)) {
                        started.add(name);
                        inFlight++;
                        done.submit(() -> attempts.run(i, i.definition().task(name), t, signals));
                    }
                }
            }
            if (inFlight == 0) {
                break;
            }
            // looked at on a clock, not only when nothing finishes: a cancel is seen while tasks keep finishing
            if (!canceled.get() && System.nanoTime() - nextCancelCheck >= 0) {
                canceled.set(isCanceled(i.instanceId()));
                nextCancelCheck = System.nanoTime() + CANCEL_CHECK_NANOS;
            }
            Future<TaskInstance> f;
            try {
                f = done.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // the flag is cleared by the throw: wait for the stopped tasks with timed polls, not in a spin
                stopping.set(true);
                stopDeadline = System.nanoTime() + STOP_GRACE.toNanos();
                continue;
            }
            if (f == null) {
                if (stopping.get() && System.nanoTime() - stopDeadline >= 0) {
                    LOG.warn("Flow instance {}: {} task(s) did not stop within {} s of the server stopping",
                            i.instanceId(), inFlight, STOP_GRACE.toSeconds());
                    break;
                }
                continue;
            }
            try {
                TaskInstance t = f.get();
                state.put(t.taskName(), t);
                inFlight--;
            } catch (InterruptedException e) {
                stopping.set(true);
                stopDeadline = System.nanoTime() + STOP_GRACE.toNanos();
            } catch (ExecutionException e) {
                throw new IllegalStateException("batch task crashed", e.getCause());
            }
        }
        if (stopping.get()) {
            // left running: recoverInterrupted resumes it per the workflow's policy when the flow is drained again
            LOG.info("Flow instance {} of flow {} stopped with the server; it resumes when the flow runs again",
                    i.instanceId(), i.flowId());
            Thread.currentThread().interrupt();
            return;
        }
        finish(i, state.values().stream().toList(), canceled.get() || isCanceled(i.instanceId()));
    }

    private boolean isCanceled(long instanceId) {
        return runs.find(instanceId).map(f -> f.status() == InstanceStatus.CANCEL).orElse(true);
    }

    private void finish(FlowInstance i, List<TaskInstance> tasks, boolean canceled) {
        InstanceStatus status;
        if (canceled) {
            status = InstanceStatus.CANCEL;
        } else if (tasks.stream().allMatch(t -> t.status() == InstanceStatus.SUCCESS)) {
            status = InstanceStatus.SUCCESS;
        } else if (tasks.stream().anyMatch(t -> t.status() == InstanceStatus.TIMEOUT)) {
            status = InstanceStatus.TIMEOUT;
        } else {
            status = InstanceStatus.FAIL;
        }
        String desc = tasks.stream().filter(t -> t.status() != InstanceStatus.SUCCESS && t.message() != null)
                .map(t -> t.taskName() + ": " + t.message()).findFirst().orElse(null);
        Instant end = clock.instant();
        if (!canceled) {
            runs.update(i.with(status, desc, i.startTime(), end), InstanceStatus.RUNNING);
        } else {
            for (TaskInstance t : tasks) {
                if (t.status().queued()) {
                    runs.update(t.with(InstanceStatus.CANCEL, t.attempts(), t.progress(), "canceled", t.startTime(),
                            end));
                }
            }
        }
        Counter.builder("openenos.batch.runs").description("finished flow instances")
                .tag("status", status.name().toLowerCase()).register(meters).increment();
        Timer.builder("openenos.batch.run.duration").description("time of flow instances")
                .register(meters).record(java.time.Duration.between(i.startTime(), end));
    }

    @Override
    public void close() {
        pool.shutdownNow();
        attempts.close();
    }
}
