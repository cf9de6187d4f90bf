package org.openenos.batch.sql;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.openenos.batch.TaskContext;
import org.openenos.error.OpenEnosException;

/**
 * Watches one running query from outside its thread, every {@value #PERIOD_MILLIS} ms: when its time limit passes,
 * its task asks to stop, or its thread is interrupted (a task's time-out or cancel), it cancels the query's
 * statements, Calcite's and those open in external sources, so a call blocked in a source's server returns; and
 * cancels them again at every tick until the query ends, since a cancel that reaches a statement before it executes
 * is ignored by the driver. The
 * query's thread then turns the resulting SQL error into the reason.
 */
final class QueryWatch implements AutoCloseable {
    static final long PERIOD_MILLIS = 100;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "batch-sql-query-watch");
        t.setDaemon(true);
        return t;
    });

    private enum Reason { TIME_LIMIT, STOPPED, INTERRUPTED }

    private final Thread thread;
    private final Duration timeout;
    private final long deadline;
    private final Runnable checkStop;
    private final StatementCanceller canceller;
    private volatile Statement calcite;
    private volatile Reason reason;
    private volatile RuntimeException stop;
    private ScheduledFuture<?> task;

    private QueryWatch(Thread thread, Duration timeout, Runnable checkStop, StatementCanceller canceller) {
        this.thread = thread;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.checkStop = checkStop;
        this.canceller = canceller;
    }

    static QueryWatch start(Thread thread, Duration timeout, Runnable checkStop, StatementCanceller canceller) {
        QueryWatch w = new QueryWatch(thread, timeout, checkStop, canceller);
        w.task = TIMER.scheduleAtFixedRate(w::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return w;
    }

    /** The engine's own statement, cancelled with the sources' ones. */
    void alsoCancel(Statement statement) {
        this.calcite = statement;
    }

    private void check() {
        if (reason != null) {
            // again at every tick: a driver ignores a cancel that comes before its statement starts executing
            // (pgjdbc while the statement is idle), and the engine may still be planning when the limit passes
            cancel();
            return;
        }
        if (thread.isInterrupted()) {
            reason = Reason.INTERRUPTED;
        } else if (System.nanoTime() - deadline >= 0) {
            reason = Reason.TIME_LIMIT;
        } else {
            try {
                checkStop.run();
                return;
            } catch (RuntimeException e) {
                stop = e;
                reason = Reason.STOPPED;
            }
        }
        cancel();
    }

    private void cancel() {
        canceller.cancelAll();
        Statement st = calcite;
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // Calcite's statement may already be closed
            }
        }
    }

    /** The error the query's caller sees: the reason it was cancelled if it was, else {@code error}. */
    RuntimeException explain(RuntimeException error) {
        if (reason == null && System.nanoTime() - deadline >= 0) {
            // the engine's own query timeout fired before the next tick: still a time limit, and the external
            // statements it leaves running are cancelled now
            reason = Reason.TIME_LIMIT;
            cancel();
        }
        Reason r = reason;
        if (r == null) {
            return error;
        }
        return switch (r) {
            case TIME_LIMIT -> OpenEnosException.badArgument("the query ran longer than its time limit of "
                    + timeout.toSeconds() + " s and was cancelled");
            case STOPPED -> stop;
            case INTERRUPTED -> new TaskContext.TaskStoppedException("the query was stopped (time-out or cancel)");
        };
    }

    /** Why the query was cancelled ({@code time_limit}, {@code stopped}, {@code interrupted}), if it was. */
    java.util.Optional<String> reason() {
        Reason r = reason;
        return r == null ? java.util.Optional.empty()
                : java.util.Optional.of(r.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
