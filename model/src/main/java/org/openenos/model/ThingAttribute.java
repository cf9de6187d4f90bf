package org.openenos.model;

import java.util.Map;

/** A static property of a thing, such as rated power. */
public record ThingAttribute(String identifier, StringI18n name, StringI18n desc, Map<String, String> tags,
                             DataType dataType, Map<String, Object> dataDefinition, boolean isRequired,
                             Object defaultValue, Unit unit, boolean isStdElement, String stdElementId) {
    public ThingAttribute {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        dataDefinition = dataDefinition == null ? Map.of() : dataDefinition;
    }

    public ThingDatapoint asDatapoint() {
        return new ThingDatapoint(identifier, name, desc, tags, dataType, dataDefinition, unit);
    }
}
