package org.openenos.timeseries.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Asynchronous requests with a bound on how many are open at once: {@link #submit} blocks while the bound is
 * reached, so a large append cannot flood the coordinators, and {@link #await} waits for all submitted requests and
 * rethrows the first failure. One instance per operation; the permits are the store's, shared by all operations.
 */
final class InFlight {
    private final CqlSession session;
    private final Semaphore permits;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
    private final CompletableFuture<Void> allDone = new CompletableFuture<>();
    private volatile boolean closed;

    InFlight(CqlSession session, Semaphore permits) {
        this.session = session;
        this.permits = permits;
    }

    void submit(Statement<?> statement) {
        submit(statement, null);
    }

    /** Sends the statement; {@code onResult} (if any) gets its first page on a driver thread. */
    void submit(Statement<?> statement, Consumer<AsyncResultSet> onResult) {
        if (failure.get() != null) {
            return; // the operation fails anyway: do not add load
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
            return;
        }
        open.incrementAndGet();
        CompletionStage<AsyncResultSet> stage;
        try {
            stage = session.executeAsync(statement);
        } catch (RuntimeException e) {
            done(e);
            return;
        }
        stage.whenComplete((rs, error) -> {
            if (error == null && onResult != null) {
                try {
                    onResult.accept(rs);
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            done(error);
        });
    }

    private void done(Throwable error) {
        if (error != null) {
            failure.compareAndSet(null, error);
        }
        permits.release();
        if (open.decrementAndGet() == 0 && closed) {
            allDone.complete(null);
        }
    }

    /** Waits for every submitted request; throws the first failure (unwrapped from the driver's completion). */
    void await(long timeoutMillis) {
        closed = true;
        if (open.get() == 0) {
            allDone.complete(null);
        }
        try {
            allDone.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failure.compareAndSet(null, e);
        }
        Throwable t = failure.get();
        if (t instanceof java.util.concurrent.CompletionException c && c.getCause() != null) {
            t = c.getCause();
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
