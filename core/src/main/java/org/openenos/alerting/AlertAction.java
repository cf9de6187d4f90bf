package org.openenos.alerting;

import java.util.List;
import java.util.Map;

/**
 * What a rule does when its alert changes (ADR 0025). Notifications: {@code webhook} POSTs the alert as JSON to
 * {@code url}, signed with HMAC-SHA256 when a {@code secret} is set; {@code email} mails {@code to}. Control actions
 * (closed loop): {@code invokeService} calls {@code serviceId} with {@code inputData} on the alert's device;
 * {@code setMeasurepoint} sets {@code measurepointId} to {@code value}.
 *
 * <p>{@code on} lists the changes that trigger the action ({@code raised, recovered, acknowledged, closed}); by default
 * notifications go out on all four and control actions run on {@code raised} only. {@code remindAfterSeconds} > 0
 * repeats a notification while the alert stays active and unacknowledged. {@code escalateAfterSeconds} > 0 makes the
 * action an escalation: it runs once, only if the alert is still active and unacknowledged that long after it was
 * raised.
 */
public record AlertAction(String type, String url, String secret, List<String> to, String serviceId,
                          Map<String, Object> inputData, String measurepointId, Object value, List<String> on,
                          int remindAfterSeconds, int escalateAfterSeconds) {
    public static final String WEBHOOK = "webhook";
    public static final String EMAIL = "email";
    public static final String INVOKE_SERVICE = "invokeService";
    public static final String SET_MEASUREPOINT = "setMeasurepoint";
    public static final List<String> CHANGES = List.of("raised", "recovered", "acknowledged", "closed");

    public AlertAction {
        to = to == null ? List.of() : List.copyOf(to);
        inputData = inputData == null ? Map.of() : Map.copyOf(inputData);
        on = on == null ? List.of() : List.copyOf(on);
    }

    public boolean isControl() {
        return INVOKE_SERVICE.equals(type) || SET_MEASUREPOINT.equals(type);
    }

    public boolean isEscalation() {
        return escalateAfterSeconds > 0;
    }

    /** Whether this action runs on a change ({@code raised}, …); escalations run only from their timer. */
    public boolean runsOn(String change) {
        if (isEscalation()) {
            return false;
        }
        if (on.isEmpty()) {
            return isControl() ? "raised".equals(change) : CHANGES.contains(change);
        }
        return on.contains(change);
    }

    /** The same action with its secret hidden, for reading rules back. */
    public AlertAction redacted() {
        return new AlertAction(type, url, secret == null ? null : "******", to, serviceId, inputData, measurepointId,
                value, on, remindAfterSeconds, escalateAfterSeconds);
    }

    public AlertAction withSecret(String newSecret) {
        return new AlertAction(type, url, newSecret, to, serviceId, inputData, measurepointId, value, on,
                remindAfterSeconds, escalateAfterSeconds);
    }
}
