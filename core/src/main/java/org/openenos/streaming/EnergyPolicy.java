package org.openenos.streaming;

import java.io.Serializable;

/**
 * One row of the daily-energy template's policy table. {@code timeZone} is null when the days are those of each
 * asset's own time zone in the registry; {@code maxRatePerHour} is the slope filter of meter readings (infinite when
 * there is none); with {@code intervalMillis} > 0 the energy of the current day so far is also written to
 * {@code intervalPoint} at every interval boundary of the local day.
 */
public record EnergyPolicy(String modelId, String inputPoint, EnergyMethod method, String outputPoint,
                           String timeZone, double maxRatePerHour, long intervalMillis, String intervalPoint)
        implements Serializable {
}
