package org.openenos.server.portal;

import java.util.List;
import java.util.Map;

/**
 * A wind turbine model for the dashboard and device page tests: power in kW and wind speed in m/s (two units), an
 * operating state as an ENUM (labels Stopped/Running/Fault), a writable mode (ENUM) and a writable power limit
 * (kW), a service {@code reset(reason STRING) → done BOOL}, and latitude/longitude attributes for the map.
 */
final class TurbineModel {
    private TurbineModel() {
    }

    static Map<String, Object> of(String modelId) {
        Map<String, Object> states = Map.of("0", name("Stopped"), "1", name("Running"), "2", name("Fault"));
        return Map.of("modelId", modelId, "name", name("Turbine " + modelId), "attributes", Map.of(
                        "latitude", Map.of("name", name("Latitude"), "dataType", "DOUBLE", "isRequired", false),
                        "longitude", Map.of("name", name("Longitude"), "dataType", "DOUBLE", "isRequired", false)),
                "measurepoints", Map.of(
                        "power", ai("power", "Power", "kW", Map.of()),
                        "wind", ai("wind", "Wind speed", "m/s", Map.of()),
                        "limit", ai("limit", "Power limit", "kW", Map.of("writable", "true")),
                        "state", Map.of("identifier", "state", "name", name("Operating state"), "dataType", "ENUM",
                                "signalType", "DI", "hasQuality", false,
                                "dataDefinition", Map.of("enumType", "INT", "enumDesc", states)),
                        "mode", Map.of("identifier", "mode", "name", name("Mode"), "dataType", "ENUM",
                                "signalType", "DI", "hasQuality", false, "tags", Map.of("writable", "true"),
                                "dataDefinition", Map.of("enumType", "INT", "enumDesc", Map.of(
                                        "0", name("Manual"), "1", name("Automatic"))))),
                "services", Map.of("reset", Map.of("identifier", "reset", "name", name("Reset"), "callType", "SYNC",
                        "inputData", List.of(Map.of("identifier", "reason", "name", name("Reason"),
                                "dataType", "STRING")),
                        "outputData", List.of(Map.of("identifier", "done", "name", name("Done"),
                                "dataType", "BOOL")))),
                "events", Map.of());
    }

    private static Map<String, Object> ai(String id, String name, String unit, Map<String, String> tags) {
        return Map.of("identifier", id, "name", name(name), "dataType", "DOUBLE", "signalType", "AI",
                "hasQuality", false, "unit", Map.of("unitId", unit, "multiplier", "ONE"), "tags", tags);
    }

    private static Map<String, Object> name(String text) {
        return Map.of("defaultValue", text);
    }
}
