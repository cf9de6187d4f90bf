package org.openenos.simulator.signal;

import java.util.Map;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * A battery that charges in the (simulated) daytime and discharges in the evening, with noise; the state of charge
 * integrates power (positive = charging) against capacity and stays between 10 % and 95 %, where the inverter
 * limits power. The energy counter is the throughput in kWh.
 */
public final class BatterySignals implements DeviceSignals {
    private final double ratedKw;
    private final double capacityKwh;
    private final SolarInverterSignals clock;
    private final RandomGenerator random;
    private final Faults faults;
    private double soc;
    private double throughputKwh;

    public BatterySignals(double ratedKw, double capacityKwh, SolarInverterSignals clock, double faultProbability,
                          RandomGenerator random) {
        this.ratedKw = ratedKw;
        this.capacityKwh = capacityKwh <= 0 ? 1000 : capacityKwh;
        this.clock = clock;
        this.random = random;
        this.faults = new Faults(faultProbability, random);
        this.soc = 40 + 20 * random.nextDouble();
    }

    @Override
    public Map<String, Object> next(long nowMillis, double stepSeconds) {
        double hour = clock.simulatedHour(nowMillis);
        double demand = hour >= 9 && hour < 16 ? 0.6 : hour >= 17 && hour < 23 ? -0.7 : 0;
        boolean fault = faults.step();
        double power = fault ? 0 : ratedKw * (demand + 0.05 * random.nextGaussian());
        double energy = power * stepSeconds / 3600;
        double next = soc + 100 * energy / capacityKwh;
        int status = fault ? STATUS_FAULT : Math.abs(power) > 1 ? STATUS_RUNNING : STATUS_STOPPED;
        if (next > 95 || next < 10) {
            power = 0;
            energy = 0;
            status = fault ? STATUS_FAULT : STATUS_LIMITED;
            next = soc;
        }
        soc = next;
        throughputKwh += Math.abs(energy);
        return Map.of("soc", WindTurbineSignals.round(soc), "power", WindTurbineSignals.round(power),
                "energy", WindTurbineSignals.round(throughputKwh), "status", status);
    }

    @Override
    public OptionalInt newFault() {
        return faults.newFault();
    }

    @Override
    public void reset() {
        faults.reset();
    }
}
