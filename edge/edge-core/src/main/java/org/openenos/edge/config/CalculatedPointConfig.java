package org.openenos.edge.config;

/**
 * A point computed on the edge from the device's mapped measure points: an {@code expression}, or an aggregate of
 * {@code source} over a sliding window ({@code AVG}, {@code MAX}, {@code MIN}), or {@code INTEGRAL} (energy from
 * power: the integral of {@code source} per {@code unitSeconds}, 3600 turns kW into kWh).
 */
public record CalculatedPointConfig(String measurepoint, String expression, Aggregate aggregate, String source,
                                    Integer windowSeconds, Integer unitSeconds) {
    public enum Aggregate { AVG, MAX, MIN, INTEGRAL }

    public CalculatedPointConfig {
        Checks.require(measurepoint, "calculated.measurepoint");
        Checks.check((expression == null) != (aggregate == null),
                "calculated point '" + measurepoint + "' needs exactly one of expression or aggregate");
        if (aggregate != null) {
            Checks.require(source, "calculated point '" + measurepoint + "' source");
        }
        windowSeconds = windowSeconds == null ? 60 : windowSeconds;
        unitSeconds = unitSeconds == null ? 3600 : unitSeconds;
        Checks.check(windowSeconds > 0 && unitSeconds > 0, "calculated point '" + measurepoint + "' windows must be positive");
    }
}
