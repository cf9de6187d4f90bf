package org.openenos.edge.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.DataType;
import org.openenos.edge.field.Endianness;
import org.openenos.edge.field.FieldWriteException;
import org.openenos.edge.field.ModbusArea;
import org.openenos.edge.field.Sample;
import org.openenos.testkit.Await;

class ModbusConnectorTest {
    ModbusSimulator slave;
    ModbusConnector connector;

    @BeforeEach
    void start() {
        slave = new ModbusSimulator(0).start();
        connector = new ModbusConnector(new ConnectionConfig("plc", ConnectionType.MODBUS_TCP, "127.0.0.1", slave.port(),
                1000, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        connector.start();
    }

    @AfterEach
    void stop() {
        connector.close();
        slave.close();
    }

    static RawPointConfig point(String id, ModbusArea area, int address, DataType type, Endianness bytes, Endianness words) {
        return new RawPointConfig(id, area, address, null, type, bytes, words, null, null, null, null, null, null, null, null, null, null, null);
    }

    static DeviceConfig device(List<RawPointConfig> points) {
        return new DeviceConfig("d", "plc", 1, "pk", "dk", "s", null, null, points, null);
    }

    @Test
    void everyDataTypeDecodesInEveryByteAndWordOrder() {
        Endianness B = Endianness.BIG;
        Endianness L = Endianness.LITTLE;
        // 0x41C80000 = 25.0f; ABCD at 0, CDAB at 2, BADC at 4, DCBA at 6.
        slave.setHolding(0, 0x41C8, 0x0000, 0x0000, 0x41C8, 0xC841, 0x0000, 0x0000, 0xC841);
        slave.setHolding(10, 0xFFFE);                     // INT16 -2, UINT16 65534
        slave.setHolding(11, 0xFFFF, 0xFFF6);             // INT32 -10
        slave.setHolding(13, 0x8000, 0x0000);             // UINT32 2147483648
        slave.setHolding(15, 0x0000, 0x0000, 0x0001, 0x0000); // INT64 65536
        slave.setHolding(19, 0x4009, 0x21FB, 0x5444, 0x2D18); // FLOAT64 pi
        slave.setHolding(23, 0b1000);                      // bit 3
        slave.setInput(0, 0x1234);
        slave.setCoil(5, true);
        slave.setDiscrete(7, true);
        List<RawPointConfig> points = List.of(
                point("abcd", ModbusArea.HOLDING_REGISTER, 0, DataType.FLOAT32, B, B),
                point("cdab", ModbusArea.HOLDING_REGISTER, 2, DataType.FLOAT32, B, L),
                point("badc", ModbusArea.HOLDING_REGISTER, 4, DataType.FLOAT32, L, B),
                point("dcba", ModbusArea.HOLDING_REGISTER, 6, DataType.FLOAT32, L, L),
                point("i16", ModbusArea.HOLDING_REGISTER, 10, DataType.INT16, B, B),
                point("u16", ModbusArea.HOLDING_REGISTER, 10, DataType.UINT16, B, B),
                point("i32", ModbusArea.HOLDING_REGISTER, 11, DataType.INT32, B, B),
                point("u32", ModbusArea.HOLDING_REGISTER, 13, DataType.UINT32, B, B),
                point("i64", ModbusArea.HOLDING_REGISTER, 15, DataType.INT64, B, B),
                point("f64", ModbusArea.HOLDING_REGISTER, 19, DataType.FLOAT64, B, B),
                new RawPointConfig("bit3", ModbusArea.HOLDING_REGISTER, 23, 3, DataType.BOOL, null, null, null, null, null, null, null, null, null, null, null, null, null),
                new RawPointConfig("bit2", ModbusArea.HOLDING_REGISTER, 23, 2, DataType.BOOL, null, null, null, null, null, null, null, null, null, null, null, null, null),
                new RawPointConfig("scaled", ModbusArea.INPUT_REGISTER, 0, null, DataType.UINT16, null, null, 0.1, -10.0, null, null, null, null, null, null, null, null, null),
                point("coil", ModbusArea.COIL, 5, DataType.BOOL, B, B),
                point("coil4", ModbusArea.COIL, 4, DataType.BOOL, B, B),
                point("di", ModbusArea.DISCRETE_INPUT, 7, DataType.BOOL, B, B));
        Map<String, Sample> read = connector.read(device(points), points);
        assertThat(read.values()).allMatch(Sample::isGood);
        assertThat(read.get("abcd").value()).isEqualTo(25.0);
        assertThat(read.get("cdab").value()).isEqualTo(25.0);
        assertThat(read.get("badc").value()).isEqualTo(25.0);
        assertThat(read.get("dcba").value()).isEqualTo(25.0);
        assertThat(read.get("i16").value()).isEqualTo(-2L);
        assertThat(read.get("u16").value()).isEqualTo(65534L);
        assertThat(read.get("i32").value()).isEqualTo(-10L);
        assertThat(read.get("u32").value()).isEqualTo(2147483648L);
        assertThat(read.get("i64").value()).isEqualTo(65536L);
        assertThat(read.get("f64").value()).isEqualTo(Math.PI);
        assertThat(read.get("bit3").value()).isEqualTo(true);
        assertThat(read.get("bit2").value()).isEqualTo(false);
        assertThat((Double) read.get("scaled").value()).isCloseTo(0x1234 * 0.1 - 10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(read.get("coil").value()).isEqualTo(true);
        assertThat(read.get("coil4").value()).isEqualTo(false);
        assertThat(read.get("di").value()).isEqualTo(true);
    }

    @Test
    void adjacentRegistersAreReadInBatchesOfAtMost125() {
        List<RawPointConfig> points = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            points.add(point("r" + i, ModbusArea.HOLDING_REGISTER, i, DataType.UINT16, Endianness.BIG, Endianness.BIG));
            slave.setHolding(i, i * 3);
        }
        points.add(point("far", ModbusArea.HOLDING_REGISTER, 5000, DataType.UINT16, Endianness.BIG, Endianness.BIG));
        long before = slave.requests();
        Map<String, Sample> read = connector.read(device(points), points);
        assertThat(slave.requests() - before).as("8 full batches for 1000 registers, 1 for the isolated one").isEqualTo(9);
        assertThat(read).hasSize(1001);
        assertThat(read.get("r999").value()).isEqualTo(2997L);
        assertThat(ReadPlan.of(points, 125).requests()).allMatch(r -> r.quantity() <= 125);
    }

    @Test
    void aReadTimeoutGivesBadQualityAndNoValueThenRecovers() {
        slave.setHolding(0, 42);
        List<RawPointConfig> points = List.of(point("v", ModbusArea.HOLDING_REGISTER, 0, DataType.UINT16, Endianness.BIG, Endianness.BIG));
        slave.setDelayMillis(2500);
        Sample late = connector.read(device(points), points).get("v");
        assertThat(late.quality()).isEqualTo(Sample.BAD);
        assertThat(late.value()).isNull();
        assertThat(connector.stats().lastError).contains("Timeout");
        slave.setDelayMillis(0);
        awaitGood(points);
        assertThat(connector.read(device(points), points).get("v").value()).isEqualTo(42L);
    }

    @Test
    void aDeviceThatDisappearsGivesBadSamplesAndIsReadAgainWhenItReturns() {
        slave.setHolding(0, 7);
        List<RawPointConfig> points = List.of(point("v", ModbusArea.HOLDING_REGISTER, 0, DataType.UINT16, Endianness.BIG, Endianness.BIG));
        assertThat(connector.read(device(points), points).get("v").value()).isEqualTo(7L);
        slave.stop();
        assertThat(connector.read(device(points), points).get("v").isGood()).isFalse();
        slave.start();
        slave.setHolding(0, 8);
        awaitGood(points);
        assertThat(connector.read(device(points), points).get("v").value()).isEqualTo(8L);
    }

    @Test
    void writesReachTheDeviceInItsOwnEncoding() throws Exception {
        RawPointConfig f = point("f", ModbusArea.HOLDING_REGISTER, 100, DataType.FLOAT32, Endianness.BIG, Endianness.LITTLE);
        RawPointConfig i = point("i", ModbusArea.HOLDING_REGISTER, 110, DataType.INT16, Endianness.BIG, Endianness.BIG);
        RawPointConfig coil = point("c", ModbusArea.COIL, 3, DataType.BOOL, Endianness.BIG, Endianness.BIG);
        RawPointConfig bit = new RawPointConfig("b", ModbusArea.HOLDING_REGISTER, 120, 4, DataType.BOOL, null, null, null, null, null, null, null, null, null, null, null, null, null);
        slave.setHolding(120, 0b1);
        DeviceConfig d = device(List.of(f, i, coil, bit));
        connector.write(d, f, 25.0).get();
        connector.write(d, i, -300L).get();
        connector.write(d, coil, true).get();
        connector.write(d, bit, true).get();
        assertThat(slave.holding(100)).isEqualTo(0x0000);
        assertThat(slave.holding(101)).isEqualTo(0x41C8);
        assertThat((short) slave.holding(110)).isEqualTo((short) -300);
        assertThat(slave.coil(3)).isTrue();
        assertThat(slave.holding(120)).as("other bits untouched").isEqualTo(0b10001);
        Map<String, Sample> back = connector.read(d, List.of(f, i));
        assertThat(back.get("f").value()).isEqualTo(25.0);
        assertThat(back.get("i").value()).isEqualTo(-300L);
        assertThatThrownBy(() -> connector.write(d, i, 70_000L).get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(FieldWriteException.class)
                .hasMessageContaining("does not fit INT16");
        slave.stop();
        assertThatThrownBy(() -> connector.write(d, i, 1L).get()).as("a write to a vanished device is an error")
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(FieldWriteException.class);
    }

    private void awaitGood(List<RawPointConfig> points) {
        Await.atMost(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(100))
                .until("device answers again", () -> connector.read(device(points), points).get("v").isGood());
    }
}
