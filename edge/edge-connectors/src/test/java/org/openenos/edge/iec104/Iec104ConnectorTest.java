package org.openenos.edge.iec104;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openenos.edge.config.ConnectionConfig;
import org.openenos.edge.config.ConnectionType;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.Iec104Command;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.field.FieldWriteException;
import org.openenos.edge.field.Sample;
import org.openenos.edge.modbus.ModbusSimulator;
import org.openmuc.j60870.ASduType;

/** The edge as IEC 104 controlling station against an outstation on j60870's server side. */
class Iec104ConnectorTest {
    private int port;
    private Outstation outstation;
    private Iec104Connector connector;

    static final DeviceConfig DEVICE = new DeviceConfig("rtu", "substation", 1, "pk", "dk", "s", null, null,
            List.of(), null);

    @BeforeEach
    void start() throws Exception {
        port = ModbusSimulator.freePort();
        outstation = new Outstation(port).start();
        connector = new Iec104Connector(new ConnectionConfig("substation", ConnectionType.IEC104, "127.0.0.1", port,
                2_000, null, null, null, null, null, null, null, Outstation.CA, null, null, null, null, null, null, null, null, null));
        connector.start();
    }

    @AfterEach
    void stop() {
        connector.close();
        outstation.close();
    }

    /** Polls like the runtime does until the reading matches (the outstation pushes asynchronously). */
    static <T> T until(int seconds, Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + seconds + " s: " + last);
            }
            Thread.sleep(50);
            last = read.get();
        }
        return last;
    }

    /** j60870 closes its listening socket asynchronously after stop(): the port may need a moment to be free. */
    static Outstation restartOn(int port) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return new Outstation(port).start();
            } catch (java.net.BindException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static RawPointConfig point(String id, int ioa) {
        return new RawPointConfig(id, null, null, null, null, null, null, null, null, null, null, null, ioa, null, null, null, null, null);
    }

    static RawPointConfig command(String id, int ioa, Iec104Command command) {
        return new RawPointConfig(id, null, null, null, null, null, null, null, null, null, null, null, ioa, command,
                null, null, null, null);
    }

    static final List<RawPointConfig> POINTS = List.of(point("p", 100), point("q", 101), point("breaker", 102),
            point("switch", 103), point("energy", 104));

    private Map<String, Sample> readWhenAllGood(List<RawPointConfig> points) throws InterruptedException {
        return until(10, () -> connector.read(DEVICE, points),
                m -> m.values().stream().allMatch(Sample::isGood));
    }

    @Test
    void theStationImageOfTheInterrogationsIsReadByInformationObjectAddress() throws Exception {
        Map<String, Sample> values = readWhenAllGood(POINTS);

        assertThat(values.get("p").value()).isEqualTo(231.5);
        assertThat(values.get("q").value()).isEqualTo(-1234L);
        assertThat(values.get("breaker").value()).isEqualTo(true);
        assertThat(values.get("switch").value()).as("double point ON is 2, OFF 1").isEqualTo(2L);
        assertThat(values.get("energy").value()).as("integrated total of the counter interrogation")
                .isEqualTo(123_456L);
        assertThat(connector.isConnected()).isTrue();
    }

    @Test
    void qualityBitsBecomeThePointsQualityWithTheValueKept() throws Exception {
        readWhenAllGood(POINTS);
        Map<String, Sample> values = connector.read(DEVICE, List.of(point("iv", 110), point("bl", 111),
                point("sb", 112), point("nt", 113), point("ov", 114), point("unknown", 999)));

        assertThat(values.get("iv").quality()).isEqualTo(Sample.BAD);
        assertThat(values.get("bl").quality()).isEqualTo(Iec104Values.BLOCKED);
        assertThat(values.get("sb").quality()).isEqualTo(Iec104Values.SUBSTITUTED);
        assertThat(values.get("nt").quality()).isEqualTo(Iec104Values.NOT_TOPICAL);
        assertThat(values.get("ov").quality()).isEqualTo(Iec104Values.OVERFLOW);
        assertThat(values.get("sb").value()).isEqualTo(3.0);
        assertThat(values.get("unknown").isGood()).as("an address the outstation never sent").isFalse();
        assertThat(values.get("unknown").value()).isNull();
    }

    @Test
    void aSpontaneousValueCarriesTheSourceTimeTag() throws Exception {
        readWhenAllGood(POINTS);
        long sourceTime = System.currentTimeMillis() - 60_000 - (System.currentTimeMillis() % 1000) + 123;

        outstation.spontaneous(ASduType.M_ME_TF_1, Outstation.floatWithTime(100, 240.25f, sourceTime));

        Sample p = until(5, () -> connector.read(DEVICE, POINTS).get("p"),
                s -> Double.valueOf(240.25).equals(s.value()));
        assertThat(p.time()).isEqualTo(sourceTime);
        assertThat(p.quality()).isEqualTo(Sample.GOOD);
    }

    @Test
    void commandsAndSetPointsCompleteWithTheOutstationsConfirmation() throws Exception {
        readWhenAllGood(POINTS);

        connector.write(DEVICE, command("close", 200, Iec104Command.SINGLE), true).get(5, TimeUnit.SECONDS);
        connector.write(DEVICE, command("isolator", 201, Iec104Command.DOUBLE), 0L).get(5, TimeUnit.SECONDS);
        connector.write(DEVICE, command("limit", 202, Iec104Command.SETPOINT_FLOAT), 42.5).get(5, TimeUnit.SECONDS);

        assertThat(outstation.commands).containsEntry(200, true).containsEntry(201, "OFF").containsEntry(202, 42.5f);
    }

    @Test
    void aNegativeConfirmationFailsTheWriteWithTheOutstationsAnswer() throws Exception {
        readWhenAllGood(POINTS);

        assertThatThrownBy(() -> connector.write(DEVICE, command("locked", Outstation.REFUSED_IOA,
                Iec104Command.SINGLE), true).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FieldWriteException.class)
                .hasMessageContaining("negative confirmation");
        assertThat(outstation.commands).doesNotContainKey(Outstation.REFUSED_IOA);
    }

    @Test
    void aLostOutstationReadsBadAndTheEdgeReconnectsAndInterrogatesAgain() throws Exception {
        readWhenAllGood(POINTS);

        outstation.close();
        Map<String, Sample> down = until(10, () -> connector.read(DEVICE, POINTS),
                m -> m.values().stream().noneMatch(Sample::isGood));
        assertThat(down.values()).allSatisfy(s -> assertThat(s.value()).isNull());
        assertThat(connector.isConnected()).isFalse();
        assertThatThrownBy(() -> connector.write(DEVICE, command("close", 200, Iec104Command.SINGLE), true).join())
                .hasCauseInstanceOf(FieldWriteException.class);

        outstation = restartOn(port);
        Map<String, Sample> back = until(20, () -> connector.read(DEVICE, POINTS),
                m -> m.values().stream().allMatch(Sample::isGood));
        assertThat(back.get("p").value()).isEqualTo(231.5);
    }
}
