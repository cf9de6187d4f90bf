package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.model.MeasurePointValue;
import org.openenos.telemetry.BusConfig;
import org.openenos.telemetry.DeadLetter;
import org.openenos.telemetry.Telemetry;
import org.openenos.timeseries.AssetTimezones;
import org.openenos.timeseries.PipelineStatus;
import org.openenos.timeseries.PointSignalTypes;
import org.openenos.timeseries.SeriesKey;
import org.openenos.timeseries.TimeSeriesConfig;
import org.openenos.timeseries.TimeSeriesModule;

/**
 * Damage in the telemetry log on disk, between good records: a record whose checksum no longer matches and a record
 * with a valid checksum whose content is garbage. The storage stage stores what is around them and goes on.
 */
class PoisonRecordsTest {
    private static final BusConfig ONE_PARTITION = BusConfig.DEFAULTS.withPartitions(1);
    /** A record of format 2 claiming one id of 2 GiB: it passes the frame's CRC and fails to decode. */
    private static final byte[] GARBAGE = ByteBuffer.allocate(16).putInt(-2).putInt(1).putInt(1)
            .putInt(Integer.MAX_VALUE).array();

    @TempDir
    Path dir;

    static MeasurePointValue v(long time) {
        return new MeasurePointValue("o1", "m1", "a1", "temp", 1_700_000_000_000L + time, (double) time, null);
    }

    TimeSeriesModule start() {
        return EmbeddedTimeSeries.start(dir, TimeSeriesConfig.DEFAULTS.withBus(ONE_PARTITION), AssetTimezones.UTC,
                PointSignalTypes.UNKNOWN);
    }

    static List<Object> stored(TimeSeriesModule module) {
        return module.store().range(new SeriesKey("o1", "a1", "temp"), 0, Long.MAX_VALUE / 1000, 100, false)
                .stream().map(MeasurePointValue::value).toList();
    }

    @Test
    void valuesBeforeAndAfterACorruptAndAnUndecodableRecordAreStoredAndBothBadRecordsAreInTheDeadLetters()
            throws Exception {
        Path log = dir.resolve("pipeline").resolve("telemetry-log");
        Path segment = log.resolve("p-0").resolve("%020d.log".formatted(0));
        try (var bus = Telemetry.embeddedLog(log, ONE_PARTITION)) {
            bus.publish(List.of(v(1))).join();      // offset 0
            bus.publish(List.of(v(2))).join();      // offset 1, corrupted below
        }
        appendFrame(segment, 2, GARBAGE);           // offset 2: valid frame, undecodable content
        try (var bus = Telemetry.embeddedLog(log, ONE_PARTITION)) {
            bus.publish(List.of(v(3))).join();      // offset 3
            bus.publish(List.of(v(4))).join();      // offset 4
        }
        int secondFrameLength = flipAByteInThePayloadOfTheSecondFrame(segment);

        try (var module = start()) {
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(stored(module)).containsExactly(1.0, 3.0, 4.0);
            List<DeadLetter> letters = module.deadLetters().readAll();
            assertThat(letters).extracting(DeadLetter::reason, DeadLetter::partition, DeadLetter::offset)
                    .containsExactly(tuple("corrupt", 0, 1L), tuple("undecodable", 0, 2L));
            assertThat(letters.get(0).record()).as("the damaged frame, header and all").hasSize(secondFrameLength);
            assertThat(letters.get(1).record()).isEqualTo(GARBAGE);
            assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("pipeline")
                    .resolve(TimeSeriesModule.DEAD_LETTER_FILE))).extracting(Object::toString)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            PipelineStatus status = module.status();
            assertThat(status.undecodableRecords()).isEqualTo(1);
            assertThat(status.corruptRegions()).isEqualTo(1);
            assertThat(status.lostRecords()).isEqualTo(1);
            assertThat(status.verdict(1_000, Duration.ofMinutes(1)).level()).isEqualTo(PipelineStatus.Level.UP);

            module.ingest().ingest(List.of(v(5))).join();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(stored(module)).containsExactly(1.0, 3.0, 4.0, 5.0);
        }
        // The damage is behind the committed offsets: a restart neither stores nor sets aside anything twice.
        try (var module = start()) {
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            module.ingest().ingest(List.of(v(6))).join();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            assertThat(stored(module)).containsExactly(1.0, 3.0, 4.0, 5.0, 6.0);
            assertThat(module.deadLetters().readAll()).extracting(DeadLetter::offset).containsExactly(1L, 2L);
        }
    }

    /** A frame as the log writes it: length, CRC32C over offset and payload, offset, payload. */
    private static void appendFrame(Path segment, long offset, byte[] payload) throws IOException {
        var crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, offset));
        crc.update(payload);
        ByteBuffer frame = ByteBuffer.allocate(16 + payload.length).putInt(payload.length)
                .putInt((int) crc.getValue()).putLong(offset).put(payload).flip();
        try (var ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(frame);
            ch.force(true);
        }
    }

    /** Returns the length of the second frame. */
    private static int flipAByteInThePayloadOfTheSecondFrame(Path segment) throws IOException {
        try (var ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer length = ByteBuffer.allocate(4);
            ch.read(length, 0);
            long second = 16 + length.getInt(0);
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, second + 16 + 20);
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            ch.write(b.rewind(), second + 16 + 20);
            ch.force(true);
            ch.read(length.clear(), second);
            return 16 + length.getInt(0);
        }
    }

    @Test
    void aValueTheStoreRefusesIsSetAsideAloneAndTheStageGoesOn() throws Exception {
        var beforeEpoch = new MeasurePointValue("o1", "m1", "a1", "temp", -5, 99.0, null);
        try (var module = start()) {
            module.ingest().ingest(List.of(v(1))).join();
            module.ingest().ingest(List.of(beforeEpoch)).join();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();
            module.ingest().ingest(List.of(v(2), beforeEpoch, v(3))).join();
            assertThat(module.awaitStored(Duration.ofSeconds(20))).isTrue();

            assertThat(stored(module)).containsExactly(1.0, 2.0, 3.0);
            assertThat(module.deadLetters().readAll()).hasSize(2).allSatisfy(letter -> {
                assertThat(letter.reason()).isEqualTo("refused");
                assertThat(letter.detail()).contains("before 1970");
                assertThat(letter.values()).containsExactly(beforeEpoch);
            });
            assertThat(module.status().verdict(1_000, Duration.ofMinutes(1)).level())
                    .isEqualTo(PipelineStatus.Level.UP);
        }
    }
}
