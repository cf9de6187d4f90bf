package org.openenos.telemetry;

import java.time.Instant;
import java.util.List;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.internal.ValueCodec;

/**
 * Something a consumer of the bus could not process and set aside instead of stopping: an undecodable log record
 * (its raw bytes) or values the consumer's target refused (encoded as a log record, so a tool can replay them).
 *
 * @param consumer  the consumer group or listener that set it aside
 * @param reason    why, e.g. {@code undecodable}, {@code refused}, {@code listener-failed}
 * @param partition log partition, or -1 when the values no longer belong to one record
 * @param offset    log offset, or -1 likewise
 * @param detail    the error message
 * @param record    the bytes in the log's record format
 */
public record DeadLetter(Instant time, String consumer, String reason, int partition, long offset, String detail,
                         byte[] record) {

    /** Values set aside by a consumer, kept in the log's record format. */
    public static DeadLetter ofValues(Instant time, String consumer, String reason, List<MeasurePointValue> values,
                                      String detail) {
        return new DeadLetter(time, consumer, reason, -1, -1, detail, ValueCodec.encode(values));
    }

    /** The values in {@link #record}; throws {@link IllegalArgumentException} when the record is undecodable. */
    public List<MeasurePointValue> values() {
        return ValueCodec.decode(record);
    }
}
