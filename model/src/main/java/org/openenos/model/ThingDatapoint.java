package org.openenos.model;

import java.util.Map;

/**
 * A typed value slot: service input/output parameters and event outputs. {@code dataDefinition} is kept as the JSON
 * object of the reference (plain maps, lists, strings, numbers and booleans) because its shape depends on the type.
 */
public record ThingDatapoint(String identifier, StringI18n name, StringI18n desc, Map<String, String> tags,
                             DataType dataType, Map<String, Object> dataDefinition, Unit unit) {
    public ThingDatapoint {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        dataDefinition = dataDefinition == null ? Map.of() : dataDefinition;
    }
}
