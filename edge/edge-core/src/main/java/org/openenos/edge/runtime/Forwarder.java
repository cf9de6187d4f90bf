package org.openenos.edge.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.edge.buffer.ForwardLog;
import org.openenos.edge.cloud.CloudLink;
import org.openenos.edge.cloud.CloudRefusedException;
import org.openenos.edge.cloud.UploadItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves upload items to the cloud. Live items are batched and posted while the session is ready; whatever cannot be
 * posted (session down, post refused or timed out) goes to the durable {@link ForwardLog}. A second thread replays
 * the log through {@code resume.batch}, one batch at a time, and removes a batch only after the cloud acknowledged
 * it, so live data keeps flowing beside the replay and a crash at any point loses nothing that was stored. A batch
 * the cloud refuses for good ({@link CloudRefusedException#isPermanent()}, bad data) is set aside in the
 * {@link DeadLetters} file instead of blocking the replay; any other failure is retried with backoff.
 */
public final class Forwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final int MAX_POSTS_IN_FLIGHT = 8;

    private final CloudLink link;
    private final ForwardLog<UploadItem> log;
    private final int maxBatch;
    private final int replayBatch;
    private final BlockingQueue<UploadItem> queue;
    private final Semaphore inFlight = new Semaphore(MAX_POSTS_IN_FLIGHT);
    private final Object replaySignal = new Object();
    private final Counter posted;
    private final Counter replayed;
    private final Counter buffered;
    private final Counter setAside;
    private final DeadLetters deadLetters;
    private final AtomicLong lastAcknowledgedMillis = new AtomicLong();
    private volatile boolean ready;
    private volatile boolean running = true;
    private final Thread sender;
    private final Thread replayer;

    public Forwarder(CloudLink link, ForwardLog<UploadItem> log, int maxBatch, int replayBatch, MeterRegistry registry) {
        this.link = link;
        this.deadLetters = new DeadLetters(log.directory());
        this.log = log;
        this.maxBatch = maxBatch;
        this.replayBatch = replayBatch;
        this.queue = new ArrayBlockingQueue<>(Math.max(10_000, maxBatch * 64));
        this.posted = Counter.builder("edge.forward.items").tag("path", "live").register(registry);
        this.replayed = Counter.builder("edge.forward.items").tag("path", "resume").register(registry);
        this.buffered = Counter.builder("edge.forward.buffered.items").register(registry);
        this.setAside = Counter.builder("edge.forward.dead.letter.items")
                .description("Items the cloud refused for good, set aside in the dead-letter file").register(registry);
        Gauge.builder("edge.buffer.depth", log, ForwardLog::depth).register(registry);
        Gauge.builder("edge.buffer.bytes", log, ForwardLog::bytes).register(registry);
        Gauge.builder("edge.buffer.dropped", log, ForwardLog::dropped).register(registry);
        this.sender = Thread.ofPlatform().name("edge-forward-live").daemon().start(this::sendLoop);
        this.replayer = Thread.ofPlatform().name("edge-forward-resume").daemon().start(this::replayLoop);
    }

    /** Hands items to the forwarder; blocks briefly when the cloud is slower than the field (back-pressure). */
    public void submit(List<UploadItem> items) {
        for (UploadItem item : items) {
            try {
                if (!queue.offer(item, 5, TimeUnit.SECONDS)) {
                    log.append(List.of(item));
                    buffered.increment();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.append(List.of(item));
                return;
            }
        }
    }

    /** Set by the session once the gateway and its sub-devices are logged in, cleared when the link drops. */
    public void setReady(boolean ready) {
        this.ready = ready;
        if (ready) {
            synchronized (replaySignal) {
                replaySignal.notifyAll();
            }
        }
    }

    public long lastAcknowledgedMillis() {
        return lastAcknowledgedMillis.get();
    }

    private void sendLoop() {
        List<UploadItem> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                UploadItem first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                send(List.copyOf(batch));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("forwarding a batch of {} items failed", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<UploadItem> batch) throws InterruptedException {
        if (!ready || !running) {
            store(batch);
            return;
        }
        inFlight.acquire();
        link.postMeasurepoints(batch).whenComplete((ok, error) -> {
            inFlight.release();
            if (error == null) {
                posted.increment(batch.size());
                lastAcknowledgedMillis.set(System.currentTimeMillis());
            } else {
                reportRefusal(error, batch.size());
                LOG.debug("live post of {} items failed, buffering: {}", batch.size(), error.toString());
                store(batch);
            }
        });
    }

    private volatile String lastRefusal;

    /**
     * A reply code other than 200 is the cloud saying no (a malformed or refused batch), not a broken link: it is
     * logged with the code, once per distinct reply so that a retried batch does not flood the log.
     */
    private void reportRefusal(Throwable error, int items) {
        CloudRefusedException refused = refusal(error);
        if (refused != null && !refused.getMessage().equals(lastRefusal)) {
            lastRefusal = refused.getMessage();
            LOG.warn("{} to a {} of measure points; kept in the store-and-forward log", refused.getMessage(),
                    items < 0 ? "resumed batch" : "batch of " + items);
        }
    }

    private static CloudRefusedException refusal(Throwable error) {
        Throwable cause = error;
        while (cause != null && !(cause instanceof CloudRefusedException)) {
            cause = cause.getCause();
        }
        return (CloudRefusedException) cause;
    }

    /** Items set aside because the cloud refused them for good, since the dead-letter file was started. */
    public long deadLetterItems() {
        return deadLetters.items();
    }

    private void store(List<UploadItem> batch) {
        log.append(batch);
        buffered.increment(batch.size());
        synchronized (replaySignal) {
            replaySignal.notifyAll();
        }
    }

    private void replayLoop() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try {
                if (!ready || log.depth() == 0) {
                    synchronized (replaySignal) {
                        replaySignal.wait(500);
                    }
                    continue;
                }
                ForwardLog.Batch<UploadItem> batch = log.peek(replayBatch);
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    link.resumeMeasurepoints(batch.items()).get();
                    replayed.increment(batch.items().size());
                    lastAcknowledgedMillis.set(System.currentTimeMillis());
                } catch (java.util.concurrent.ExecutionException e) {
                    CloudRefusedException refused = refusal(e);
                    if (refused == null || !refused.isPermanent()) {
                        throw e;
                    }
                    // Sending it again cannot succeed: keep it aside and let the batches behind it through.
                    deadLetters.setAside(batch.items(), refused.getMessage());
                    setAside.increment(batch.items().size());
                    LOG.warn("{} to a resumed batch of {} items; set aside in {} ({} items there)",
                            refused.getMessage(), batch.items().size(), deadLetters.file(), deadLetters.items());
                }
                log.acknowledge(batch);
                backoff = Duration.ofMillis(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                reportRefusal(e, -1);
                LOG.debug("resume batch failed, retrying in {}: {}", backoff, e.toString());
                // Wait on the signal so that a session that comes back ends the backoff at once.
                synchronized (replaySignal) {
                    try {
                        replaySignal.wait(backoff.toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** Stops forwarding: queued items and posts still in flight that fail end up in the log, nothing is lost. */
    @Override
    public void close() {
        ready = false;
        running = false;
        try {
            sender.join(10_000);
            inFlight.tryAcquire(MAX_POSTS_IN_FLIGHT, 10, TimeUnit.SECONDS);
            replayer.interrupt();
            replayer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<UploadItem> rest = new ArrayList<>();
        queue.drainTo(rest);
        log.append(rest);
    }
}
