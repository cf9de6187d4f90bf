package org.openenos.batch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Which cron firings to run when a workflow's recorded next firing is found in the past: normally just that one (the
 * tick is late by less than its period), after a stop of the servers those that fell while they were down, chosen
 * by the workflow's {@link RunPolicy.CatchUp}.
 */
final class MissedFirings {
    /** A firing found due within this long of its time is on time, not missed (Quartz's misfire threshold). */
    static final Duration ON_TIME = Duration.ofMinutes(1);

    record Plan(List<Instant> run, long skipped) {
    }

    private MissedFirings() {
    }

    static Plan plan(QuartzCron cron, ZoneId zone, RunPolicy.CatchUp policy, Instant recorded, Instant now) {
        ZonedDateTime latestFiring = cron.latest(now.atZone(zone), zone);
        Instant latest = latestFiring == null || latestFiring.toInstant().isBefore(recorded) ? recorded
                : latestFiring.toInstant();
        boolean onTime = !latest.isBefore(now.minus(ON_TIME));
        return switch (policy) {
            case NONE -> onTime ? new Plan(List.of(latest), count(cron, zone, recorded, latest) - 1)
                    : new Plan(List.of(), count(cron, zone, recorded, latest));
            case LAST -> new Plan(List.of(latest), count(cron, zone, recorded, latest) - 1);
            case ALL -> {
                // the newest MAX_CATCH_UP firings, walked back from the latest, then run oldest first: after a long
                // stop the recent business dates matter most, and the skipped oldest ones are counted and logged
                Deque<Instant> run = new ArrayDeque<>();
                Instant t = latest;
                while (t != null && !t.isBefore(recorded) && run.size() < RunPolicy.CatchUp.MAX_CATCH_UP) {
                    run.addFirst(t);
                    ZonedDateTime previous = cron.latest(t.minusSeconds(1).atZone(zone), zone);
                    t = previous == null ? null : previous.toInstant();
                }
                yield new Plan(List.copyOf(run), count(cron, zone, recorded, latest) - run.size());
            }
        };
    }

    /** Firings from {@code from} to {@code to}, both included (counting stops at 100,000: a log figure). */
    private static long count(QuartzCron cron, ZoneId zone, Instant from, Instant to) {
        long n = 0;
        Instant t = from;
        while (t != null && !t.isAfter(to) && n < 100_000) {
            n++;
            ZonedDateTime next = cron.next(t.atZone(zone), zone);
            t = next == null ? null : next.toInstant();
        }
        return n;
    }
}
