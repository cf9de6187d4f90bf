package org.openenos.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs one task of an instance to its end: resolves its settings, calls the kind's executor under the task's
 * time-out (the attempt's thread is interrupted when it runs out), retries a failed attempt per the task's policy,
 * and records states, attempts, progress and log lines as it goes.
 */
final class TaskAttempts implements AutoCloseable {
    private final RunRepository runs;
    private final TaskExecutors executors;
    private final BatchSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicInteger running = new AtomicInteger();
    private final ExecutorService attemptThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "batch-attempt");
        t.setDaemon(true);
        return t;
    });

    TaskAttempts(RunRepository runs, TaskExecutors executors, BatchSettings settings, Clock clock,
                 MeterRegistry meters) {
        this.runs = runs;
        this.executors = executors;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    int running() {
        return running.get();
    }

    /**
     * What the runner tells a running task: its instance was canceled by a user, or the server is stopping (then the
     * task ends without a final state and stays running in the store, to be resumed per the workflow's policy).
     */
    record Signals(BooleanSupplier canceled, BooleanSupplier stopping) {
        boolean stop() {
            return canceled.getAsBoolean() || stopping.getAsBoolean();
        }
    }

    TaskInstance run(FlowInstance instance, TaskSpec spec, TaskInstance initial, Signals signals) {
        running.incrementAndGet();
        try {
            return attempt(instance, spec, initial, signals);
        } finally {
            running.decrementAndGet();
        }
    }

    private TaskInstance attempt(FlowInstance instance, TaskSpec spec, TaskInstance initial, Signals signals) {
        BooleanSupplier canceled = signals.canceled();
        Instant start = clock.instant();
        TaskInstance t = initial;
        int attempt = initial.attempts();
        while (true) {
            attempt++;
            t = t.with(InstanceStatus.RUNNING, attempt, 0, null, start, null);
            runs.update(t);
            long id = t.taskInstId();
            TaskLog log = line -> runs.appendLog(id, clock.instant(), line);
            log.info("attempt " + attempt + " of " + (spec.retryLimit() + 1) + " started");
            InstanceStatus outcome;
            String message;
            try {
                message = once(instance, spec, t, log, signals::stop);
                outcome = InstanceStatus.SUCCESS;
            } catch (TimeoutException | TaskContext.TaskStoppedException e) {
                outcome = canceled.getAsBoolean() ? InstanceStatus.CANCEL : InstanceStatus.TIMEOUT;
                message = outcome == InstanceStatus.CANCEL ? "canceled"
                        : "timed out after " + timeout(spec).toSeconds() + " s";
            } catch (Exception e) {
                outcome = InstanceStatus.FAIL;
                message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (outcome != InstanceStatus.SUCCESS && !canceled.getAsBoolean()
                    && (signals.stopping().getAsBoolean() || Thread.currentThread().isInterrupted())) {
                log.info("stopped: the server is stopping; the task is resumed per the workflow's policy");
                return t; // still RUNNING in the store, as after a crash
            }
            log.info((outcome == InstanceStatus.SUCCESS ? "succeeded: " : "failed: ") + message);
            boolean retry = outcome != InstanceStatus.SUCCESS && attempt <= spec.retryLimit() && !signals.stop();
            Instant end = clock.instant();
            count(spec, outcome, Duration.between(start, end));
            if (!retry) {
                t = t.with(outcome, attempt, outcome == InstanceStatus.SUCCESS ? 100 : t.progress(), message,
                        start, end);
                runs.update(t);
                return t;
            }
            t = t.with(InstanceStatus.WAIT, attempt, 0, message, start, null);
            runs.update(t);
            log.info("retrying in " + spec.retryIntervalSeconds() + " s");
            if (!sleep(spec.retryIntervalSeconds(), signals::stop)) {
                if (signals.stopping().getAsBoolean() && !canceled.getAsBoolean()) {
                    return t; // waiting for a retry: the recovery after the restart runs it
                }
                t = t.with(InstanceStatus.CANCEL, attempt, 0, "canceled", start, clock.instant());
                runs.update(t);
                return t;
            }
        }
    }

    private String once(FlowInstance instance, TaskSpec spec, TaskInstance t, TaskLog log, BooleanSupplier canceled)
            throws Exception {
        TaskExecutor executor = executors.of(spec.kind()).orElseThrow(() -> new IllegalStateException(
                "no executor for " + spec.kind() + " tasks is installed on this server"));
        SystemVariables vars = new SystemVariables(instance.triggerTime(), settings.zone(), instance.instanceId(),
                t.taskInstId(), instance.parameters());
        java.util.Map<String, String> resolved = new java.util.HashMap<>();
        spec.config().forEach((k, v) -> resolved.put(k, vars.resolve(v)));
        TaskSpec effective = new TaskSpec(spec.name(), spec.kind(), resolved, spec.timeoutSeconds(),
                spec.retryLimit(), spec.retryIntervalSeconds(), spec.maxRows());
        Duration timeout = timeout(spec);
        Instant deadline = clock.instant().plus(timeout);
        long maxRows = spec.maxRows() > 0 ? Math.min(spec.maxRows(), settings.maxTaskRows()) : settings.maxTaskRows();
        TaskContext ctx = new TaskContext(instance.orgId(), instance.flowId(), instance.instanceId(), t.taskInstId(),
                effective, vars.calDt(), instance.triggerTime(), deadline, maxRows, log,
                p -> runs.update(runs.task(t.taskInstId()).orElseThrow().with(InstanceStatus.RUNNING, t.attempts(),
                        Math.max(0, Math.min(100, p)), null, t.startTime(), null)),
                () -> canceled.getAsBoolean() || clock.instant().isAfter(deadline));
        Future<String> f = attemptThreads.submit(() -> executor.execute(ctx));
        try {
            // in slices, so a cancel or a server stop interrupts the attempt at once (an executor blocked in a
            // scan or a JDBC call may not reach its next checkStop soon)
            long end = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (canceled.getAsBoolean()) {
                    throw new TaskContext.TaskStoppedException("task " + spec.name() + " stopped");
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                try {
                    return f.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                } catch (TimeoutException slice) {
                    // next slice
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskContext.TaskStoppedException("task " + spec.name() + " interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            f.cancel(true);
        }
    }

    private Duration timeout(TaskSpec spec) {
        Duration own = Duration.ofSeconds(spec.timeoutSeconds());
        return spec.timeoutSeconds() > 0 && own.compareTo(settings.maxTaskTime()) < 0 ? own : settings.maxTaskTime();
    }

    private static boolean sleep(int seconds, BooleanSupplier canceled) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < until) {
            if (canceled.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void count(TaskSpec spec, InstanceStatus outcome, Duration took) {
        String kind = spec.kind().name().toLowerCase(Locale.ROOT);
        Counter.builder("openenos.batch.task.attempts").description("task attempts by kind and outcome")
                .tag("kind", kind).tag("status", outcome.name().toLowerCase(Locale.ROOT)).register(meters).increment();
        Timer.builder("openenos.batch.task.duration").description("time of task attempts").tag("kind", kind)
                .register(meters).record(took);
    }

    @Override
    public void close() {
        attemptThreads.shutdownNow();
    }
}
