package org.openenos.telemetry;

import java.util.List;
import org.openenos.model.MeasurePointValue;

/** One record of a bus partition: the values one publish call put into that partition. */
public record BusRecord(int partition, long offset, List<MeasurePointValue> values) {
    public BusRecord {
        values = List.copyOf(values);
    }
}
