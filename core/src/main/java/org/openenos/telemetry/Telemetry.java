package org.openenos.telemetry;

import java.nio.file.Path;
import org.openenos.telemetry.internal.BusTelemetryIngest;
import org.openenos.telemetry.internal.DeadLetterFile;
import org.openenos.telemetry.internal.LogTelemetryBus;

/**
 * Factories of the telemetry context, so that other contexts (the time-series store's storage stage, stream jobs)
 * use the bus and the ingest through the ports of this package and never reach into its implementation.
 */
public final class Telemetry {
    private Telemetry() {
    }

    /** Opens (creating if missing) the embedded durable log in {@code dir}; close it on shutdown. */
    public static TelemetryBus embeddedLog(Path dir, BusConfig config) {
        return new LogTelemetryBus(dir, config);
    }

    /** The ingest port over a bus: values are acknowledged once the bus has made them durable. */
    public static TelemetryIngest ingestInto(TelemetryBus bus) {
        return new BusTelemetryIngest(bus);
    }

    /** Dead letters kept in a text file (created on the first letter), one line per letter. */
    public static DeadLetters deadLetterFile(Path file) {
        return new DeadLetterFile(file);
    }

    /** Dead letters that are only counted, for consumers without a place to keep them (tests, tools). */
    public static DeadLetters countedDeadLetters() {
        return new DeadLettersNowhere();
    }
}
