package org.openenos.telemetry;

import java.util.List;
import org.openenos.model.MeasurePointValue;

/**
 * One record of a bus partition: the values one publish call put into that partition; {@code mayRepeat} when they
 * were published as values that may already be stored (a device re-sending cached data).
 */
public record BusRecord(int partition, long offset, List<MeasurePointValue> values, boolean mayRepeat) {
    public BusRecord {
        values = List.copyOf(values);
    }

    public BusRecord(int partition, long offset, List<MeasurePointValue> values) {
        this(partition, offset, values, false);
    }
}
