package org.openenos.telemetry;

import java.nio.file.Path;
import org.openenos.telemetry.internal.DeadLetterFile;
import org.openenos.telemetry.internal.LogTelemetryBus;

/**
 * Opens the bus a pipeline runs on, with the dead letters that go with it: the embedded log and a dead-letter file by
 * default, a distributed log (Kafka) and its dead-letter topic by configuration. The pipeline above is the same.
 */
@FunctionalInterface
public interface TelemetryBusProvider {

    /**
     * @param dir            where a bus on this machine keeps its files (a distributed bus ignores it)
     * @param deadLetterFile where dead letters are kept when the bus has no place of its own for them
     */
    OpenedBus open(Path dir, Path deadLetterFile);

    /** A bus and its dead letters; the caller closes the bus. */
    record OpenedBus(TelemetryBus bus, DeadLetters deadLetters) {
    }

    /** The embedded, file-backed log in {@code dir}, dead letters in a text file. */
    static TelemetryBusProvider embedded(BusConfig config) {
        return (dir, deadLetterFile) -> new OpenedBus(new LogTelemetryBus(dir, config),
                new DeadLetterFile(deadLetterFile));
    }
}
