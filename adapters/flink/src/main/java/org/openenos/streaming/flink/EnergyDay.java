package org.openenos.streaming.flink;

/** Energy counted so far in one local day of one policy of one asset; a Flink POJO kept in keyed state. */
public class EnergyDay {
    public long end;
    public double energy;
    /** Whether the day has been emitted: a late reading that changes it emits it again. */
    public boolean emitted;

    public EnergyDay() {
    }

    EnergyDay(long end) {
        this.end = end;
    }
}
