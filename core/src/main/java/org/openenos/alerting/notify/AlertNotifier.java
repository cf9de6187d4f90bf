package org.openenos.alerting.notify;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertAction;
import org.openenos.alerting.AlertListener;
import org.openenos.alerting.AlertRule;
import org.openenos.alerting.AlertStore;
import org.openenos.registry.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the actions of alert rules (ADR 0025). It hears alert changes on the evaluator threads and only hands work
 * over: deliveries run on a small bounded pool, so a slow webhook never delays evaluation. A delivery that fails is
 * retried with exponential backoff and, after the last attempt, kept as a dead letter; a delivery that finds the pool
 * full becomes a dead letter at once rather than vanishing.
 */
public final class AlertNotifier implements AlertListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

    /**
     * @param controlActionsPerMinute loop guard: control actions per (rule, asset) per minute
     */
    public record Config(int threads, int queueCapacity, int maxAttempts, Duration initialBackoff,
                         int controlActionsPerMinute) {
        public static final Config DEFAULTS = new Config(2, 1000, 5, Duration.ofSeconds(1), 6);
    }

    private final Config config;
    private final Map<String, NotificationChannel> channels;
    private final AlertActuator actuator;
    private final DeadLetterStore deadLetters;
    private final AlertStore alerts;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final RateLimiter ruleLimits = new RateLimiter();
    private final LoopGuard loopGuard;

    public AlertNotifier(Config config, Collection<NotificationChannel> channels, AlertActuator actuator,
                         DeadLetterStore deadLetters, AlertStore alerts, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.channels = channels.stream().collect(Collectors.toUnmodifiableMap(NotificationChannel::type,
                Function.identity()));
        this.actuator = actuator;
        this.deadLetters = deadLetters;
        this.alerts = alerts;
        this.clock = clock;
        this.meters = meters;
        this.loopGuard = new LoopGuard(config.controlActionsPerMinute(), Duration.ofMinutes(10).toMillis());
        this.workers = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()),
                Thread.ofPlatform().daemon().name("alert-notify-", 0).factory(), new ThreadPoolExecutor.AbortPolicy());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("alert-notify-timer").factory());
        meters.gauge("openenos.alerts.notifications.queue", workers, w -> w.getQueue().size());
    }

    /** The action types this server can carry out, for validating rules. */
    public java.util.Set<String> supportedTypes() {
        java.util.Set<String> types = new java.util.TreeSet<>(channels.keySet());
        if (actuator != null) {
            types.add(AlertAction.INVOKE_SERVICE);
            types.add(AlertAction.SET_MEASUREPOINT);
        }
        return types;
    }

    @Override
    public void onAlert(Change change, Alert alert, AlertRule rule) {
        if (rule == null || rule.actions().isEmpty()) {
            return;
        }
        String event = change.name().toLowerCase(java.util.Locale.ROOT);
        long now = clock.millis();
        boolean causedByAction = change == Change.RAISED && loopGuard.causedByAction(alert, now);
        for (AlertAction action : rule.actions()) {
            if (!action.runsOn(event)) {
                continue;
            }
            if (action.isControl() && causedByAction) {
                count("openenos.alerts.actions", action.type(), "loop_suppressed");
                LOG.info("control action {} of rule {} skipped: the alert was caused by a value an action wrote",
                        action.type(), rule.ruleId());
                continue;
            }
            dispatch(new Notification(UUID.randomUUID().toString(), event, alert, rule, action, now));
        }
        if (change == Change.RAISED) {
            scheduleTimers(alert, rule, 0);
        }
    }

    /** After a restart: reminders and escalations of alerts that are still active and unacknowledged. */
    public void resume(Collection<Alert> active, Function<Alert, Optional<AlertRule>> ruleOf) {
        for (Alert a : active) {
            if (!a.acknowledged()) {
                ruleOf.apply(a).ifPresent(r -> scheduleTimers(a, r, clock.millis() - a.createTime()));
            }
        }
    }

    public Page<DeadLetter> deadLetters(String orgId, String ruleId, Page.Request page) {
        return new Page<>(deadLetters.search(orgId, ruleId, page.offset(), page.pageSize()), page.pageNo(),
                page.pageSize(), deadLetters.count(orgId, ruleId));
    }

    private void dispatch(Notification n) {
        AlertAction action = n.action();
        if (action.isControl()) {
            if (!loopGuard.tryAcquire(n.alert(), n.time())) {
                count("openenos.alerts.actions", action.type(), "loop_suppressed");
                LOG.warn("control action {} of rule {} on asset {} skipped: more than {} per minute", action.type(),
                        n.rule().ruleId(), n.alert().assetId(), config.controlActionsPerMinute());
                return;
            }
        } else if (n.rule().rateLimit() != null && !ruleLimits.tryAcquire(n.alert().orgId() + '\u0000'
                + n.rule().ruleId(), n.rule().rateLimit().maxNotifications(),
                n.rule().rateLimit().periodSeconds() * 1000L, n.time())) {
            count("openenos.alerts.notifications", action.type(), "rate_limited");
            LOG.debug("notification of rule {} dropped by its rate limit", n.rule().ruleId());
            return;
        }
        submit(n, null, 1);
    }

    /** {@code payload} is null on the first attempt: rendering happens on the worker, not the evaluator thread. */
    private void submit(Notification n, String payload, int attempt) {
        try {
            workers.execute(() -> attempt(n, payload, attempt));
        } catch (RejectedExecutionException e) {
            count(metric(n), n.action().type(), "rejected");
            deadLetter(n, payload == null ? describe(n) : payload, attempt - 1, "notification queue full");
        }
    }

    private void attempt(Notification n, String rendered, int attempt) {
        String payload = rendered;
        try {
            payload = payload != null ? payload : render(n);
            if (n.action().isControl()) {
                control(n);
            } else {
                channel(n).deliver(n, payload);
            }
            count(metric(n), n.action().type(), "sent");
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (attempt < config.maxAttempts() && !timer.isShutdown()) {
                count(metric(n), n.action().type(), "retried");
                long backoff = config.initialBackoff().toMillis() << Math.min(attempt - 1, 16);
                String p = payload;
                LOG.debug("{} to {} failed (attempt {}): {}; retrying in {} ms", n.action().type(), target(n),
                        attempt, error, backoff);
                timer.schedule(() -> submit(n, p, attempt + 1), backoff, TimeUnit.MILLISECONDS);
            } else {
                count(metric(n), n.action().type(), "dead");
                LOG.warn("{} of rule {} to {} failed after {} attempts: {}", n.action().type(), n.rule().ruleId(),
                        target(n), attempt, error);
                deadLetter(n, payload == null ? describe(n) : payload, attempt, error);
            }
        }
    }

    private String render(Notification n) {
        return n.action().isControl() ? describe(n) : channel(n).render(n);
    }

    private NotificationChannel channel(Notification n) {
        NotificationChannel channel = channels.get(n.action().type());
        if (channel == null) {
            throw new IllegalStateException(n.action().type() + " is not configured on this server");
        }
        return channel;
    }

    private void control(Notification n) throws Exception {
        if (actuator == null) {
            throw new IllegalStateException("device commands are not available");
        }
        AlertAction a = n.action();
        Alert alert = n.alert();
        if (AlertAction.SET_MEASUREPOINT.equals(a.type())) {
            // Remember the value before it is sent: the device may echo it before the command completes.
            loopGuard.wrote(alert.orgId(), alert.assetId(), a.measurepointId(), a.value(), clock.millis());
            actuator.setMeasurepoint(alert.orgId(), alert.assetId(), a.measurepointId(), a.value())
                    .get(30, TimeUnit.SECONDS);
        } else {
            actuator.invokeService(alert.orgId(), alert.assetId(), a.serviceId(), a.inputData())
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private void scheduleTimers(Alert alert, AlertRule rule, long elapsedMillis) {
        for (AlertAction action : rule.actions()) {
            if (action.isEscalation()) {
                long delay = Math.max(0, action.escalateAfterSeconds() * 1000L - elapsedMillis);
                schedule(() -> followUp(alert, rule, action, "escalated", false), delay);
            } else if (action.remindAfterSeconds() > 0 && !action.isControl()) {
                long period = action.remindAfterSeconds() * 1000L;
                schedule(() -> followUp(alert, rule, action, "reminder", true), period - elapsedMillis % period);
            }
        }
    }

    /** Runs on a worker: looks the alert up again, so an acknowledgement or recovery in between stops it. */
    private void followUp(Alert raised, AlertRule rule, AlertAction action, String event, boolean repeat) {
        Optional<Alert> current = alerts.findActive(raised.orgId(), raised.eventId());
        if (current.isEmpty() || current.get().acknowledged()) {
            return;
        }
        dispatch(new Notification(UUID.randomUUID().toString(), event, current.get(), rule, action, clock.millis()));
        if (repeat) {
            schedule(() -> followUp(raised, rule, action, event, true), action.remindAfterSeconds() * 1000L);
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        if (timer.isShutdown()) {
            return;
        }
        timer.schedule(() -> {
            try {
                workers.execute(task);
            } catch (RejectedExecutionException e) {
                LOG.warn("reminder or escalation skipped: notification queue full");
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void deadLetter(Notification n, String payload, int attempts, String error) {
        try {
            deadLetters.save(new DeadLetter(0, n.alert().orgId(), n.rule().ruleId(), n.alert().eventId(),
                    n.action().type(), target(n), attempts, error, payload, clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("could not keep the dead letter of a {} for alert {}: {}", n.action().type(),
                    n.alert().eventId(), e.getMessage());
        }
    }

    private static String target(Notification n) {
        AlertAction a = n.action();
        return switch (a.type()) {
            case AlertAction.WEBHOOK -> a.url();
            case AlertAction.EMAIL -> String.join(",", a.to());
            case AlertAction.INVOKE_SERVICE -> n.alert().assetId() + ":" + a.serviceId();
            case AlertAction.SET_MEASUREPOINT -> n.alert().assetId() + ":" + a.measurepointId();
            default -> String.valueOf(a.type());
        };
    }

    private static String describe(Notification n) {
        AlertAction a = n.action();
        return a.type() + " " + target(n) + (a.isControl() ? " " + (AlertAction.SET_MEASUREPOINT.equals(a.type())
                ? String.valueOf(a.value()) : a.inputData().toString()) : "") + " for alert " + n.alert().eventId()
                + " (" + n.event() + ")";
    }

    private static String metric(Notification n) {
        return n.action().isControl() ? "openenos.alerts.actions" : "openenos.alerts.notifications";
    }

    private void count(String name, String type, String outcome) {
        meters.counter(name, "type", String.valueOf(type), "outcome", outcome).increment();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: true once every handed-over delivery has run (retries may still be scheduled). */
    public boolean isIdle() {
        return workers.getActiveCount() == 0 && workers.getQueue().isEmpty();
    }
}
