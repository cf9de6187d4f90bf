package org.openenos.model;

import java.util.List;
import java.util.Map;

/** Something a device reports as having happened, with a severity class. */
public record ThingEvent(String identifier, StringI18n name, StringI18n desc, Map<String, String> tags,
                         List<ThingDatapoint> outputData, EventType eventType) {
    public enum EventType { INFO, WARN, ERROR }

    public ThingEvent {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        outputData = outputData == null ? List.of() : List.copyOf(outputData);
        eventType = eventType == null ? EventType.INFO : eventType;
    }
}
