package org.openenos.edge.config;

import org.openenos.edge.field.DataType;
import org.openenos.edge.field.Endianness;
import org.openenos.edge.field.ModbusArea;

/**
 * A raw field point. Modbus: {@code area} + 0-based {@code address}, {@code bit} picks one bit of a register for a
 * BOOL. OPC UA: {@code nodeId} ({@code ns=2;s=Temp}), by default read by a monitored item sampled every
 * {@code samplingMillis} (polled at that rate instead when the server offers no subscriptions), or by polling with
 * {@code subscribe: false}. IEC 104: the information object address {@code ioa}; a writable point names the
 * {@code command} sent to {@code commandIoa} (the ioa by default). MQTT: a {@code topic} filter and the
 * {@code jsonPath} of the value in the message, with the sample time at {@code timePath} when given. The engineering value is {@code raw * scale + offset}.
 */
public record RawPointConfig(String id, ModbusArea area, Integer address, Integer bit, DataType type,
                             Endianness byteOrder, Endianness wordOrder, Double scale, Double offset,
                             String nodeId, Boolean subscribe, Integer samplingMillis, Integer ioa,
                             Iec104Command command, Integer commandIoa, String topic, String jsonPath,
                             String timePath) {
    public RawPointConfig {
        Checks.require(id, "point.id");
        type = type == null ? (area != null && area.isBit() ? DataType.BOOL : DataType.UINT16) : type;
        byteOrder = byteOrder == null ? Endianness.BIG : byteOrder;
        wordOrder = wordOrder == null ? Endianness.BIG : wordOrder;
        scale = scale == null ? 1.0 : scale;
        offset = offset == null ? 0.0 : offset;
        samplingMillis = samplingMillis == null ? 1_000 : samplingMillis;
        Checks.check((topic == null) == (jsonPath == null), "point '" + id + "' needs both 'topic' and 'jsonPath'");
        if (ioa != null) {
            Checks.check(ioa >= 0 && ioa <= 0xFFFFFF, "point '" + id + "' ioa must be 0..16777215");
            commandIoa = commandIoa == null ? ioa : commandIoa;
        }
        if (area != null) {
            Checks.require(address, "point '" + id + "' address");
            Checks.check(address >= 0 && address + type.registers() <= 65536, "point '" + id + "' address out of range");
            Checks.check(!area.isBit() || type == DataType.BOOL, "point '" + id + "' on a bit area must be BOOL");
            Checks.check(bit == null || (bit >= 0 && bit < 16 && type == DataType.BOOL),
                    "point '" + id + "' bit must be 0..15 on a BOOL register point");
        }
    }

    /** Whether the point is pushed by the protocol: as configured, else where the protocol offers it (OPC UA). */
    public boolean pushedOn(ConnectionType connection) {
        return subscribe != null ? subscribe : connection == ConnectionType.OPC_UA;
    }

    /** Registers (or bits) this point occupies in its area. */
    public int width() {
        return area != null && area.isBit() ? 1 : type.registers();
    }
}
