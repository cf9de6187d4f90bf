package org.openenos.telemetry;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.openenos.model.MeasurePointValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one consumer of the bus does with what it cannot process, so that nothing stops it silently: undecodable
 * records, the bytes of damaged stretches of the log and values its target refuses go to the dead letters. Every case is counted (for metrics) and logged, at most one line per
 * second per case so that a flood of poison does not flood the log. Thread-safe.
 */
public final class PoisonRecordHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonRecordHandler.class);
    private static final long LOG_INTERVAL_MILLIS = 1_000;

    private final String consumer;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong corruptRegions = new AtomicLong();
    private final AtomicLong lostRecords = new AtomicLong();
    private final AtomicLong deadValues = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong suppressed = new AtomicLong();

    public PoisonRecordHandler(String consumer, DeadLetters deadLetters, Clock clock) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** A handler that logs and counts poison but keeps no dead letters (readers whose records are kept elsewhere). */
    public static PoisonRecordHandler loggingOnly(String consumer) {
        return new PoisonRecordHandler(consumer, new DeadLettersNowhere(), Clock.systemUTC());
    }

    public String consumer() {
        return consumer;
    }

    /** A record whose frame checked out but whose content does not decode: kept as it is, and skipped. */
    public void undecodable(int partition, long offset, byte[] record, RuntimeException cause) {
        undecodable.incrementAndGet();
        deadLetters.add(new DeadLetter(clock.instant(), consumer, "undecodable", partition, offset,
                String.valueOf(cause.getMessage()), record));
        log("{}: record {} of partition {} cannot be decoded ({}); it is in the dead letters and skipped",
                consumer, offset, partition, cause.getMessage());
    }

    /**
     * Bytes of a partition that hold no valid frame (a bad checksum, a broken header): the reader skipped
     * {@code skippedBytes} of {@code segment} and lost the records from {@code firstLost} to before {@code resumedAt}.
     * What it could read of the stretch ({@code bytes}, possibly capped) goes to the dead letters for a forensic look.
     */
    public void corrupt(int partition, String segment, long firstLost, long resumedAt, long skippedBytes,
                        byte[] bytes) {
        corruptRegions.incrementAndGet();
        lostRecords.addAndGet(Math.max(0, resumedAt - firstLost));
        String what = "%d bytes of %s hold no valid frame; records %d to %d lost".formatted(skippedBytes, segment,
                firstLost, resumedAt - 1);
        if (bytes.length > 0) {
            deadLetters.add(new DeadLetter(clock.instant(), consumer, "corrupt", partition, firstLost, what, bytes));
        }
        log("{}: partition {} is damaged: {}; reading resumes at record {}", consumer, partition, what, resumedAt);
    }

    /** Values the consumer's target refused one by one (after splitting the batch): kept, and skipped. */
    public void refused(String reason, List<MeasurePointValue> values, RuntimeException cause) {
        deadValues.addAndGet(values.size());
        deadLetters.add(DeadLetter.ofValues(clock.instant(), consumer, reason, values,
                String.valueOf(cause.getMessage())));
        log("{}: {} value(s) of asset {} point {} refused ({}: {}); they are in the dead letters", consumer,
                values.size(), values.getFirst().assetId(), values.getFirst().pointId(), reason, cause.toString());
    }

    /** Undecodable records set aside since start. */
    public long undecodableRecords() {
        return undecodable.get();
    }

    /** Corrupt stretches of the log skipped since start. */
    public long corruptRegions() {
        return corruptRegions.get();
    }

    /** Records lost in corrupt stretches since start. */
    public long lostRecords() {
        return lostRecords.get();
    }

    /** Values set aside because the target refused them, since start. */
    public long refusedValues() {
        return deadValues.get();
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    private void log(String format, Object... args) {
        long now = clock.millis();
        long last = lastLog.get();
        if (now - last < LOG_INTERVAL_MILLIS || !lastLog.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long more = suppressed.getAndSet(0);
        LOG.error(more == 0 ? format : format + " (" + more + " similar problems not logged)", args);
    }
}
