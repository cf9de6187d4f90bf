package org.openenos.alerting;

import java.util.Map;

/**
 * An alert that a third-party system reports through {@code active-alerts?action=create|batchCreate} or
 * {@code history-alerts?action=create|batchCreate} (reference §6.2 event service): no rule raised it. Times are
 * epoch milliseconds; {@code eventId} may be left out and is then generated; {@code recoverTime} and
 * {@code recoverValue} only for history alerts.
 */
public record ExternalAlert(String eventId, String assetId, String measurepointId, Object value, Long occurTime,
                            String severityId, String typeId, String contentId, Map<String, String> tag,
                            Long recoverTime, Object recoverValue) {
    public ExternalAlert {
        tag = tag == null ? Map.of() : Map.copyOf(tag);
    }
}
