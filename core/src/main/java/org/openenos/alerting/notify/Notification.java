package org.openenos.alerting.notify;

import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertAction;
import org.openenos.alerting.AlertRule;

/**
 * One delivery of one action for one alert change. {@code event} is {@code raised, recovered, acknowledged, closed,
 * reminder} or {@code escalated}; {@code deliveryId} is the same for every retry so receivers can drop duplicates.
 */
public record Notification(String deliveryId, String event, Alert alert, AlertRule rule, AlertAction action,
                           long time) {
}
