package org.openenos.edge.config;

/**
 * When a device's measure points are sent (reference §7): REALTIME every sample, TIMER at most once per
 * {@code intervalMillis}, CHANGE only when a value moves by more than {@code deadband} (analog) or changes (status).
 * {@code withQuality} (default true) sends {@code {value, quality}} for the model's points with quality; without it
 * good values are sent plain and failed reads are left out.
 */
public record UploadConfig(UploadMode mode, Integer intervalMillis, Double deadband, Boolean withQuality) {
    public enum UploadMode { REALTIME, TIMER, CHANGE }

    public UploadConfig {
        mode = mode == null ? UploadMode.REALTIME : mode;
        intervalMillis = intervalMillis == null ? 60_000 : intervalMillis;
        deadband = deadband == null ? 0.0 : deadband;
        withQuality = withQuality == null || withQuality;
        Checks.check(deadband >= 0, "upload.deadband must not be negative");
        Checks.check(intervalMillis > 0, "upload.intervalMillis must be positive");
    }

    public static UploadConfig realtime() {
        return new UploadConfig(null, null, null, null);
    }
}
