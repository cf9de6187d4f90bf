package org.openenos.alerting;

import java.util.List;
import java.util.Map;
import org.openenos.model.StringI18n;

/**
 * One alert record in the EnOS shape. Times are UTC epoch milliseconds; {@code localOccurTime} is the occur time in
 * the asset's timezone. {@code eventType}: 1 raised by the system, 0 recovered by the system, 2 closed through the
 * API. {@code acknowledged}/{@code ackComment} record an operator's acknowledgement; {@code recoverTime} is set in
 * history.
 */
public record Alert(String eventId, String orgId, String assetId, String modelId, String modelIdPath,
                    String measurepointId, String hitRuleId, Object value, long occurTime, String localOccurTime,
                    long createTime, long updateTime, String severityId, StringI18n severityDesc, String typeId,
                    StringI18n typeDesc, String contentId, StringI18n contentDesc, int eventType,
                    Map<String, String> tag, StringI18n ruleDesc, List<String> assetPaths, List<String> maskedBy,
                    boolean acknowledged, String ackComment, Long recoverTime, Object recoverValue) {
    public static final int SYSTEM_RECOVERED = 0;
    public static final int SYSTEM_TRIGGERED = 1;
    public static final int API_RECOVERED = 2;

    public Alert {
        tag = tag == null ? Map.of() : Map.copyOf(tag);
        assetPaths = assetPaths == null ? List.of() : List.copyOf(assetPaths);
        maskedBy = maskedBy == null ? List.of() : List.copyOf(maskedBy);
    }

    public Alert recovered(int type, long time, Object value) {
        return new Alert(eventId, orgId, assetId, modelId, modelIdPath, measurepointId, hitRuleId, this.value,
                occurTime, localOccurTime, createTime, time, severityId, severityDesc, typeId, typeDesc, contentId,
                contentDesc, type, tag, ruleDesc, assetPaths, maskedBy, acknowledged, ackComment, time, value);
    }

    public Alert acknowledge(String comment, long time) {
        return new Alert(eventId, orgId, assetId, modelId, modelIdPath, measurepointId, hitRuleId, value, occurTime,
                localOccurTime, createTime, time, severityId, severityDesc, typeId, typeDesc, contentId, contentDesc,
                eventType, tag, ruleDesc, assetPaths, maskedBy, true, comment, recoverTime, recoverValue);
    }

    public Alert withTags(Map<String, String> tags, long time) {
        return new Alert(eventId, orgId, assetId, modelId, modelIdPath, measurepointId, hitRuleId, value, occurTime,
                localOccurTime, createTime, time, severityId, severityDesc, typeId, typeDesc, contentId, contentDesc,
                eventType, tags, ruleDesc, assetPaths, maskedBy, acknowledged, ackComment, recoverTime, recoverValue);
    }

    public Alert maskedBy(List<String> masks) {
        return new Alert(eventId, orgId, assetId, modelId, modelIdPath, measurepointId, hitRuleId, value, occurTime,
                localOccurTime, createTime, updateTime, severityId, severityDesc, typeId, typeDesc, contentId,
                contentDesc, eventType, tag, ruleDesc, assetPaths, masks, acknowledged, ackComment, recoverTime,
                recoverValue);
    }
}
