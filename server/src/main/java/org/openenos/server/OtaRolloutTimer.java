package org.openenos.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openenos.ota.OtaRollout;

/**
 * The thread that drives OTA jobs: a pass every tick and one soon after {@link #wake()}. As a bean that depends on
 * the rollout (and so on the database), it is stopped before the database closes: no pass runs against a closed
 * connection pool at shutdown.
 */
final class OtaRolloutTimer implements AutoCloseable {
    private final OtaRollout rollout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("ota-rollout").factory());

    OtaRolloutTimer(OtaRollout rollout, Duration tick) {
        this.rollout = rollout;
        long every = Math.max(100, tick.toMillis());
        timer.scheduleWithFixedDelay(rollout::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** A pass soon; a burst of wakes (devices reconnecting) is one pass. */
    void wake() {
        rollout.requestTick(timer);
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
