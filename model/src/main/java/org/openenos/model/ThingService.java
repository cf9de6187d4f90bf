package org.openenos.model;

import java.util.List;
import java.util.Map;

/** An operation the cloud invokes on a device. */
public record ThingService(String identifier, StringI18n name, StringI18n desc, Map<String, String> tags,
                           List<ThingDatapoint> inputData, List<ThingDatapoint> outputData, CallType callType) {
    public enum CallType { SYNC, ASYNC }

    public ThingService {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        inputData = inputData == null ? List.of() : List.copyOf(inputData);
        outputData = outputData == null ? List.of() : List.copyOf(outputData);
        callType = callType == null ? CallType.ASYNC : callType;
    }
}
