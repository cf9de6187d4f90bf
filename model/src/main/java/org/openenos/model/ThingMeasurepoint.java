package org.openenos.model;

import java.util.Map;

/** A time-series value that a device reports; with {@code hasQuality} it is sent as {@code {value, quality}}. */
public record ThingMeasurepoint(String identifier, StringI18n name, StringI18n desc, Map<String, String> tags,
                                DataType dataType, Map<String, Object> dataDefinition, boolean hasQuality,
                                SignalType signalType, Unit unit) {
    public ThingMeasurepoint {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        dataDefinition = dataDefinition == null ? Map.of() : dataDefinition;
        signalType = signalType == null ? SignalType.Generic : signalType;
    }

    public ThingDatapoint asDatapoint() {
        return new ThingDatapoint(identifier, name, desc, tags, dataType, dataDefinition, unit);
    }
}
