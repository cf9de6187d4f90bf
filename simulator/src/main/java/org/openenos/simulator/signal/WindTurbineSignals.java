package org.openenos.simulator.signal;

import java.util.Map;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * Wind speed as a mean-reverting random walk (Ornstein–Uhlenbeck) plus decaying gusts, turned into power by a
 * generic power curve: nothing below cut-in (3 m/s), cubic up to rated speed (12 m/s), rated power up to cut-out
 * (25 m/s), then a stop. The energy counter integrates power (kWh).
 */
public final class WindTurbineSignals implements DeviceSignals {
    static final double CUT_IN = 3;
    static final double RATED_SPEED = 12;
    static final double CUT_OUT = 25;

    private final double ratedKw;
    private final double meanSpeed;
    private final RandomGenerator random;
    private final Faults faults;
    private double speed;
    private double gust;
    private double energyKwh;

    public WindTurbineSignals(double ratedKw, double meanSpeed, double faultProbability, RandomGenerator random) {
        this.ratedKw = ratedKw;
        this.meanSpeed = meanSpeed <= 0 ? 8 : meanSpeed;
        this.random = random;
        this.faults = new Faults(faultProbability, random);
        this.speed = this.meanSpeed * (0.8 + 0.4 * random.nextDouble());
        this.energyKwh = random.nextDouble() * 1_000_000;
    }

    /** The power curve, in kW. */
    public static double power(double ratedKw, double windSpeed) {
        if (windSpeed < CUT_IN || windSpeed >= CUT_OUT) {
            return 0;
        }
        if (windSpeed >= RATED_SPEED) {
            return ratedKw;
        }
        double cube = Math.pow(windSpeed, 3);
        return ratedKw * (cube - Math.pow(CUT_IN, 3)) / (Math.pow(RATED_SPEED, 3) - Math.pow(CUT_IN, 3));
    }

    @Override
    public Map<String, Object> next(long nowMillis, double stepSeconds) {
        double theta = 0.02 * stepSeconds;
        speed += theta * (meanSpeed - speed) + 0.35 * Math.sqrt(stepSeconds) * random.nextGaussian();
        if (random.nextDouble() < 0.03 * stepSeconds) {
            gust += 3 + 5 * random.nextDouble();
        }
        gust *= Math.exp(-stepSeconds / 8);
        double wind = Math.max(0, speed + gust);
        boolean fault = faults.step();
        double power = fault ? 0 : power(ratedKw, wind) * (0.97 + 0.03 * random.nextDouble());
        energyKwh += power * stepSeconds / 3600;
        int status = fault ? STATUS_FAULT : wind >= CUT_OUT ? STATUS_LIMITED : power > 0 ? STATUS_RUNNING
                : STATUS_STOPPED;
        return Map.of("windSpeed", round(wind), "power", round(power), "energy", round(energyKwh), "status", status);
    }

    @Override
    public OptionalInt newFault() {
        return faults.newFault();
    }

    @Override
    public void reset() {
        faults.reset();
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
