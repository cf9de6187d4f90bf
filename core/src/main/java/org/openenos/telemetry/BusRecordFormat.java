package org.openenos.telemetry;

import java.util.List;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.internal.ValueCodec;

/**
 * The binary form of a bus record's values, the same for every bus implementation, so that a record read from Kafka,
 * from the embedded log or from a dead letter decodes the same way (and a tool can move records between them).
 */
public final class BusRecordFormat {
    private BusRecordFormat() {
    }

    public static byte[] encode(List<MeasurePointValue> values, boolean mayRepeat) {
        return ValueCodec.encode(values, mayRepeat);
    }

    /** The values of an encoded record; throws {@link IllegalArgumentException} when it does not decode. */
    public static List<MeasurePointValue> decode(byte[] record) {
        return ValueCodec.decode(record);
    }

    /** Whether the record was published as values that may already be stored (a device re-sending cached data). */
    public static boolean mayRepeat(byte[] record) {
        return ValueCodec.mayRepeat(record);
    }
}
