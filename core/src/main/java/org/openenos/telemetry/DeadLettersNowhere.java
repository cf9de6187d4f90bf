package org.openenos.telemetry;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Dead letters that are counted but not kept, for consumers that have no place for them (tests, tools). */
final class DeadLettersNowhere implements DeadLetters {
    private final AtomicLong count = new AtomicLong();

    @Override
    public void add(DeadLetter letter) {
        count.incrementAndGet();
    }

    @Override
    public List<DeadLetter> readAll() {
        return List.of();
    }

    @Override
    public long count() {
        return count.get();
    }
}
