package org.openenos.streaming.flink;

/** A reading of an energy input (counter or power) at a time; a Flink POJO kept in keyed state. */
public class EnergyReading {
    public long time;
    public double value;

    public EnergyReading() {
    }

    EnergyReading(long time, double value) {
        this.time = time;
        this.value = value;
    }
}
