package org.openenos.alerting;

import java.util.List;

/**
 * What to do when a rule's alert is raised or recovered: {@code webhook} POSTs the alert to {@code url} signed with
 * {@code secret}; {@code email} mails {@code to}. {@code remindAfterSeconds} > 0 repeats the notification while the
 * alert stays unacknowledged.
 */
public record AlertAction(String type, String url, String secret, List<String> to, int remindAfterSeconds) {
    public AlertAction {
        to = to == null ? List.of() : List.copyOf(to);
    }
}
