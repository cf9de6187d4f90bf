package org.openenos.streaming.flink;

/** A value with its time: the latest input of an asset, or the last output of a node; a Flink POJO in keyed state. */
public class TimedValue {
    public long time;
    public double value;

    public TimedValue() {
    }

    TimedValue(long time, double value) {
        this.time = time;
        this.value = value;
    }
}
