package org.openenos.edge.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.digitalpetri.modbus.serial.server.SerialPortServerTransport;
import com.digitalpetri.modbus.server.ModbusRtuServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.DataType;
import org.openenos.edge.field.Endianness;
import org.openenos.edge.field.ModbusArea;
import org.openenos.edge.field.Sample;

/**
 * Modbus RTU over a serial line: a pseudo-terminal pair made by socat, digitalpetri's RTU server (serial side) with
 * the simulator's registers on one end and the edge's connector on the other.
 */
class ModbusRtuSerialTest {
    @TempDir
    Path dir;
    private Process socat;
    private ModbusSimulator registers;
    private ModbusRtuServer slave;
    private ModbusConnector connector;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is needed for the pseudo-terminal pair");
        Path edgeEnd = dir.resolve("edge-tty");
        Path slaveEnd = dir.resolve("slave-tty");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + edgeEnd, "pty,raw,echo=0,link=" + slaveEnd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!(Files.exists(edgeEnd) && Files.exists(slaveEnd)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        registers = new ModbusSimulator(0);
        String slavePort = slaveEnd.toRealPath().toString();
        slave = ModbusRtuServer.create(SerialPortServerTransport.create(c -> c.setSerialPort(slavePort)
                .setBaudRate(19_200)), registers);
        slave.start();
        connector = new ModbusConnector(new ConnectionConfig("line", ConnectionType.MODBUS_RTU, null, null, 1_000,
                null, null, null, null, null, null, null, null, null, null, null, null, edgeEnd.toRealPath().toString(),
                19_200, null, null, null));
        connector.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (connector != null) {
            connector.close();
        }
        if (slave != null) {
            slave.stop();
        }
        if (socat != null) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static RawPointConfig point(String id, ModbusArea area, int address, DataType type, Endianness words) {
        return new RawPointConfig(id, area, address, null, type, null, words, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    @Test
    void registersAreReadAndWrittenOverTheSerialLine() throws Exception {
        registers.setHolding(0, 0x0000, 0x41C8);            // 25.0f word-swapped (CDAB)
        registers.setHolding(2, 0xFFFE);                    // -2 as INT16
        RawPointConfig f = point("f", ModbusArea.HOLDING_REGISTER, 0, DataType.FLOAT32, Endianness.LITTLE);
        RawPointConfig i = point("i", ModbusArea.HOLDING_REGISTER, 2, DataType.INT16, null);
        RawPointConfig sp = point("sp", ModbusArea.HOLDING_REGISTER, 10, DataType.UINT16, null);
        DeviceConfig device = new DeviceConfig("meter", "line", 1, "pk", "dk", "s", null, null, List.of(f, i, sp),
                null);

        Map<String, Sample> values = connector.read(device, List.of(f, i, sp));
        for (int attempt = 0; attempt < 20 && !values.values().stream().allMatch(Sample::isGood); attempt++) {
            Thread.sleep(200);   // the port opens asynchronously
            values = connector.read(device, List.of(f, i, sp));
        }

        assertThat(values.get("f").value()).isEqualTo(25.0);
        assertThat(values.get("i").value()).isEqualTo(-2L);
        connector.write(device, sp, 1234L).get(5, TimeUnit.SECONDS);
        assertThat(registers.holding(10)).isEqualTo(1234);
    }
}
