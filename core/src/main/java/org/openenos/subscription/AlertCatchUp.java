package org.openenos.subscription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertQuery;
import org.openenos.alerting.AlertStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the gap between the alert store and the subscriptions' logs: an alert change is committed in the alert
 * store first and appended to the logs after, so a crash in between would lose it for subscribers. Every delivered
 * alert moves a watermark (its update time, in a small file, written without fsync: an older watermark only means
 * more duplicates); at start, alerts updated after the watermark — active ones, and history of the organizations
 * that have subscriptions, within the retention window — are delivered again. Duplicates are allowed, losses not.
 */
public final class AlertCatchUp {
    private static final Logger LOG = LoggerFactory.getLogger(AlertCatchUp.class);
    private static final int PAGE = 1000;

    private final AlertStore alerts;
    private final SubscriptionEngine engine;
    private final Path watermarkFile;
    private volatile long watermark;

    public AlertCatchUp(AlertStore alerts, SubscriptionEngine engine, Path watermarkFile) {
        this.alerts = alerts;
        this.engine = engine;
        this.watermarkFile = watermarkFile;
        this.watermark = read(watermarkFile);
    }

    /** Delivers an alert change to the subscriptions and moves the watermark past it. */
    public void deliver(Alert alert) {
        engine.deliverAlert(alert);
        advance(alert.updateTime());
    }

    /** Redelivers alerts changed after the watermark; {@code orgIds}: organizations with alert subscriptions. */
    public int catchUp(Collection<String> orgIds, long now) {
        long since = watermark;
        if (since == 0) {
            advance(now);
            return 0;
        }
        var missed = new LinkedHashMap<String, Alert>();
        alerts.allActive().stream().filter(a -> a.updateTime() > since).forEach(a -> missed.put(key(a), a));
        long from = Math.max(0, since - engine.config().retention().toMillis());
        for (String orgId : orgIds) {
            for (int offset = 0; ; offset += PAGE) {
                var page = alerts.searchHistory(new AlertQuery(orgId, null, null, null, null, null, from, null, null,
                        null, null, null, offset, PAGE));
                page.stream().filter(a -> a.updateTime() > since).forEach(a -> missed.put(key(a), a));
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        missed.values().stream().sorted(Comparator.comparingLong(Alert::updateTime)).forEach(this::deliver);
        if (!missed.isEmpty()) {
            LOG.info("{} alert changes after the last delivered one were delivered to subscriptions again",
                    missed.size());
        }
        return missed.size();
    }

    private static String key(Alert a) {
        return a.orgId() + '/' + a.eventId() + '/' + a.eventType();
    }

    private synchronized void advance(long time) {
        if (time <= watermark) {
            return;
        }
        watermark = time;
        try {
            Files.createDirectories(watermarkFile.getParent());
            Files.writeString(watermarkFile, Long.toString(time));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + watermarkFile, e);
        }
    }

    private static long read(Path file) {
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

}
