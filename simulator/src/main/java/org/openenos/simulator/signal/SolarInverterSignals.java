package org.openenos.simulator.signal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Irradiance from the sun's height over a (possibly accelerated) day — a half sine between 06:00 and 18:00 local
 * time, 1000 W/m² at noon — dimmed by clouds that come and go as a two-state process with smooth edges. PV power
 * follows irradiance, less 0.4 %/°C above 25 °C of module temperature.
 */
public final class SolarInverterSignals implements DeviceSignals {
    private final double ratedKw;
    private final double timeScale;
    private final ZoneId zone;
    private final long epoch;
    private final RandomGenerator random;
    private final Faults faults;
    private boolean cloudy;
    private double cloudFactor = 1;
    private double energyKwh;

    public SolarInverterSignals(double ratedKw, double timeScale, ZoneId zone, long epochMillis,
                                double faultProbability, RandomGenerator random) {
        this.ratedKw = ratedKw;
        this.timeScale = timeScale;
        this.zone = zone;
        this.epoch = epochMillis;
        this.random = random;
        this.faults = new Faults(faultProbability, random);
        this.energyKwh = random.nextDouble() * 200_000;
    }

    /** Clear-sky irradiance (W/m²) at a local hour of the day. */
    public static double clearSky(double hourOfDay) {
        if (hourOfDay <= 6 || hourOfDay >= 18) {
            return 0;
        }
        return 1000 * Math.sin(Math.PI * (hourOfDay - 6) / 12);
    }

    double simulatedHour(long nowMillis) {
        long simulated = epoch + (long) ((nowMillis - epoch) * timeScale);
        var local = Instant.ofEpochMilli(simulated).atZone(zone);
        return local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
    }

    @Override
    public Map<String, Object> next(long nowMillis, double stepSeconds) {
        if (random.nextDouble() < 0.02 * stepSeconds) {
            cloudy = !cloudy;
        }
        double target = cloudy ? 0.25 + 0.2 * random.nextDouble() : 1;
        cloudFactor += (target - cloudFactor) * Math.min(1, stepSeconds / 10);
        double irradiance = clearSky(simulatedHour(nowMillis)) * cloudFactor;
        double temperature = 20 + irradiance * 0.03 + random.nextGaussian() * 0.3;
        boolean fault = faults.step();
        double power = fault ? 0 : Math.min(ratedKw, ratedKw * irradiance / 1000 * (1 - 0.004 * (temperature - 25)));
        power = Math.max(0, power);
        energyKwh += power * stepSeconds / 3600;
        int status = fault ? DeviceSignals.STATUS_FAULT : power > 0 ? STATUS_RUNNING : STATUS_STOPPED;
        return Map.of("irradiance", WindTurbineSignals.round(irradiance), "power", WindTurbineSignals.round(power),
                "energy", WindTurbineSignals.round(energyKwh), "temperature", WindTurbineSignals.round(temperature),
                "status", status);
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
