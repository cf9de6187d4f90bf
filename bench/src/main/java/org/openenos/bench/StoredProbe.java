package org.openenos.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the server's telemetry pipeline metrics from its Prometheus endpoint (the management port): log records
 * stored so far, the storage stage's backlog (records acknowledged to devices and not yet stored) and its age, and the
 * back-pressure that holds device acknowledgements while the backlog is past its bounds. A load run uses it to say
 * what was <em>stored</em>, not only acknowledged: it samples the backlog during the run and, after the last
 * acknowledgement, waits until the backlog is empty (everything acknowledged is queryable).
 */
final class StoredProbe {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;
    private volatile boolean sampling;
    private Thread sampler;
    private double maxBacklogRecords;
    private double maxBacklogAge;
    private long samples;
    private long samplesWithBackPressure;

    /** The pipeline's figures at one moment; NaN for a metric the server does not have. */
    record Sample(long atNanos, double storedRecords, double backlogRecords, double backlogAgeSeconds,
                  double backPressureActive, double backPressurePauses, double backPressureSeconds) {
    }

    StoredProbe(String prometheusUrl) {
        this.metrics = URI.create(prometheusUrl);
    }

    Sample sample() {
        try {
            String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new Sample(System.nanoTime(), value(text, "openenos_telemetry_stored_records"),
                    value(text, "openenos_telemetry_backlog_records"),
                    value(text, "openenos_telemetry_backlog_age_seconds"),
                    value(text, "openenos_telemetry_backpressure_active"),
                    value(text, "openenos_telemetry_backpressure_pauses_total"),
                    value(text, "openenos_telemetry_backpressure_paused_seconds_total"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + metrics + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + metrics, e);
        }
    }

    /** The first sample of a metric (with or without labels) in the Prometheus text, or NaN. */
    static double value(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name) && line.length() > name.length()
                    && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** Samples the backlog every {@code period} in the background until {@link #stopSampling()}. */
    void startSampling(Duration period) {
        sampling = true;
        sampler = Thread.ofPlatform().daemon().name("stored-probe").start(() -> {
            while (sampling) {
                try {
                    Sample s = sample();
                    synchronized (this) {
                        maxBacklogRecords = Math.max(maxBacklogRecords, s.backlogRecords());
                        maxBacklogAge = Math.max(maxBacklogAge, s.backlogAgeSeconds());
                        samples++;
                        samplesWithBackPressure += s.backPressureActive() > 0 ? 1 : 0;
                    }
                    Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("stored probe: " + e.getMessage());
                }
            }
        });
    }

    void stopSampling() throws InterruptedException {
        sampling = false;
        if (sampler != null) {
            sampler.interrupt();
            sampler.join();
        }
    }

    /**
     * Polls until nothing acknowledged is left unstored and returns that sample; after {@code timeout} returns the
     * last sample, whose backlog is then not zero (the report says so).
     */
    Sample awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Sample s = sample();
            if (s.backlogRecords() == 0 || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(20);
        }
    }

    /**
     * The report's "stored" lines: what the store took over the window from {@code start} until {@code drained}, the
     * time from the last acknowledgement until everything acknowledged was stored, and the backlog seen meanwhile.
     */
    synchronized String report(Sample start, Sample drained, long lastAnswerNanos, int pointsPerRecord,
                               double acknowledgedPointsPerSecond, double serverCpuSeconds) {
        double window = (drained.atNanos() - start.atNanos()) / 1e9;
        double storedPoints = (drained.storedRecords() - start.storedRecords()) * pointsPerRecord;
        double pausedSeconds = drained.backPressureSeconds() - start.backPressureSeconds();
        return """
                stored     %.0f points in %.1f s (measured phase + drain) = %.0f points/s stored (acknowledged in \
                the measured phase: %.0f points/s); server %.3f µs CPU per stored point
                drain      last acknowledgement → everything acknowledged stored: %.2f s%s
                backlog    max %.0f records, oldest unstored max %.1f s (sampled each second, %d samples)
                backpress. held acknowledgements %.1f s of the window (%.0f pauses; on in %d of %d samples)
                """.formatted(storedPoints, window, storedPoints / window, acknowledgedPointsPerSecond,
                storedPoints == 0 ? 0 : serverCpuSeconds * 1e6 / storedPoints,
                Math.max(0, drained.atNanos() - lastAnswerNanos) / 1e9, drained.backlogRecords() == 0 ? ""
                        : " — NOT drained: %.0f records still unstored".formatted(drained.backlogRecords()),
                maxBacklogRecords, maxBacklogAge, samples,
                pausedSeconds, drained.backPressurePauses() - start.backPressurePauses(), samplesWithBackPressure,
                samples);
    }
}
