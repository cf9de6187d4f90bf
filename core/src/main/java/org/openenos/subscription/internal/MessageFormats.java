package org.openenos.subscription.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.alerting.Alert;
import org.openenos.model.MeasurePointValue;
import org.openenos.protocol.PlainJson;

/**
 * The {@code value} JSON of a message per subscription type, in the shapes the EnOS SDK samples show: time-series
 * data as {@code {orgId, modelId, payload: [{assetId, time, points: "<JSON string>"}]}} (the point map is a string
 * holding JSON, as in EnOS), alerts with the HistoryEvent field names, events as a flat record.
 */
final class MessageFormats {

    private MessageFormats() {
    }

    /** One message for the values of one asset (all of one model); one payload entry per timestamp. */
    static String data(List<MeasurePointValue> values) {
        MeasurePointValue first = values.getFirst();
        var byTime = new LinkedHashMap<Long, Map<String, Object>>();
        for (MeasurePointValue v : values) {
            byTime.computeIfAbsent(v.time(), t -> new LinkedHashMap<>()).put(v.pointId(), v.value());
        }
        var payload = new ArrayList<Map<String, Object>>(byTime.size());
        byTime.forEach((time, points) -> {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("assetId", first.assetId());
            entry.put("time", time);
            entry.put("points", PlainJson.write(points));
            payload.add(entry);
        });
        var message = new LinkedHashMap<String, Object>();
        message.put("orgId", first.orgId());
        message.put("modelId", first.modelId());
        message.put("payload", payload);
        return PlainJson.write(message);
    }

    static String alert(Alert a) {
        var m = new LinkedHashMap<String, Object>();
        m.put("eventId", a.eventId());
        m.put("orgId", a.orgId());
        m.put("assetId", a.assetId());
        m.put("modelId", a.modelId());
        m.put("modelIdPath", a.modelIdPath());
        m.put("measurepointId", a.measurepointId());
        m.put("hitRuleId", a.hitRuleId());
        m.put("value", a.value());
        m.put("occurTime", a.occurTime());
        m.put("localOccurTime", a.localOccurTime());
        m.put("severityId", a.severityId());
        m.put("severityDesc", a.severityDesc());
        m.put("typeId", a.typeId());
        m.put("typeDesc", a.typeDesc());
        m.put("contentId", a.contentId());
        m.put("contentDesc", a.contentDesc());
        m.put("eventType", a.eventType());
        m.put("tag", a.tag());
        m.put("ruleDesc", a.ruleDesc());
        m.put("assetPath", a.assetPaths());
        m.put("maskedBy", a.maskedBy());
        m.put("createTime", a.createTime());
        m.put("updateTime", a.updateTime());
        m.put("recoverTime", a.recoverTime());
        m.put("recoverValue", a.recoverValue());
        return PlainJson.write(m);
    }

    static String event(Map<String, Object> fields) {
        return PlainJson.write(fields);
    }
}
