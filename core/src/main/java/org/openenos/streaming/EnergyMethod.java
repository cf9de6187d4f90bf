package org.openenos.streaming;

import java.util.Arrays;

/**
 * How the daily-energy template gets energy from its input point: {@code meterReading} — the input is an
 * accumulating counter (kWh since installation) and the energy of an interval is the rise of the counter;
 * {@code powerIntegral} — the input is power (kW) and the energy is its integral over time (trapezoids, kWh).
 */
public enum EnergyMethod {
    METER_READING("meterReading"), POWER_INTEGRAL("powerIntegral");

    private final String spelling;

    EnergyMethod(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    public static EnergyMethod parse(String name) {
        return Arrays.stream(values()).filter(m -> m.spelling.equalsIgnoreCase(name == null ? "" : name.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("must be 'meterReading' or 'powerIntegral'"));
    }
}
