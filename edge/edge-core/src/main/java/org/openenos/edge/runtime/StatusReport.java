package org.openenos.edge.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status the edge reports to the cloud ({@code edge.status.post}, ADR 0059): the local status, flattened, with
 * the same counts of data that went wrong as the local {@code /status}: {@code deadLetterItems} (upload items the
 * cloud refused for good) and {@code unreadableMessages} (pushed field messages that could not be read, in total and
 * per connection).
 */
final class StatusReport {
    private StatusReport() {
    }

    static Map<String, Object> of(EdgeStatus status, ManagedConfig managed) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("healthy", status.healthy());
        report.put("problems", status.problems());
        report.put("cloudState", status.cloudState());
        report.put("bufferDepth", status.bufferDepth());
        report.put("bufferBytes", status.bufferBytes());
        report.put("bufferDropped", status.bufferDropped());
        report.put("pendingEvents", status.pendingEvents());
        report.put("deadLetterItems", status.deadLetterItems());
        report.put("unreadableMessages", status.connections().stream()
                .mapToLong(EdgeStatus.Connection::unreadableMessages).sum());
        managed.appliedVersion().ifPresent(v -> report.put("appliedVersion", v));
        managed.lastPushedVersion().ifPresent(v -> report.put("lastPushedVersion", v));
        managed.lastError().ifPresent(e -> report.put("configError", e));
        List<Map<String, Object>> connections = status.connections().stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("type", c.type());
            m.put("connected", c.connected());
            m.put("requests", c.requests());
            m.put("failedRequests", c.failedRequests());
            m.put("unreadableMessages", c.unreadableMessages());
            if (c.lastError() != null) {
                m.put("lastError", c.lastError());
            }
            return m;
        }).toList();
        report.put("connections", connections);
        List<Map<String, Object>> devices = status.devices().stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("productKey", d.productKey());
            m.put("deviceKey", d.deviceKey());
            m.put("online", d.online());
            m.put("polls", d.polls());
            m.put("goodSamples", d.goodSamples());
            m.put("badSamples", d.badSamples());
            m.put("lastPollMillis", d.lastPollMillis());
            return m;
        }).toList();
        report.put("devices", devices);
        return report;
    }
}
