package org.openenos.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.openenos.connectivity.DeviceRef;

/**
 * What the rollout asks of its repositories for a version inform, and the state it keeps per job. Its repositories
 * are stand-ins that answer empty and count the calls: the SQL itself is covered by the server's OTA tests.
 */
class OtaRolloutStateTest {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile List<OtaJob> running = List.of();

    @SuppressWarnings("unchecked")
    private <T> T counting(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
            if (answers.containsKey(method.getName())) {
                return answers.get(method.getName()).apply(args);
            }
            Class<?> r = method.getReturnType();
            if (r == List.class) {
                return List.of();
            } else if (r == Set.class) {
                return Set.of();
            } else if (r == Map.class) {
                return Map.of();
            } else if (r == Optional.class) {
                return Optional.empty();
            } else if (r == boolean.class) {
                return false;
            } else if (r == long.class) {
                return 0L;
            } else if (r == int.class) {
                return 0;
            }
            return null;
        });
    }

    private OtaRollout rollout() {
        OtaJobRepository jobs = counting(OtaJobRepository.class, Map.of(
                "withStatus", args -> running,
                "lease", args -> true));
        return new OtaRollout(jobs, counting(FirmwareRepository.class, Map.of()), counting(OtaDevices.class, Map.of()),
                new DownloadLinks(new byte[32], "http://localhost", Duration.ofHours(1), Clock.systemUTC()),
                (productKey, deviceKey, topic, payload) -> true, "node-a",
                Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC));
    }

    private static OtaJob incrementalJob(String jobId, String productKey) {
        return new OtaJob(jobId, "o1", productKey, "fw1", "job", new OtaJob.Scope(true, null, null, null, null, null),
                OtaJob.Policy.DEFAULTS, OtaJob.Status.RUNNING, Instant.EPOCH, Instant.EPOCH, null, OtaJob.Kind.UPGRADE,
                true);
    }

    private int calls(String method) {
        return calls.getOrDefault(method, new AtomicInteger()).get();
    }

    @Test
    void aVersionInformOfAProductWithoutIncrementalJobsAsksNothingAboutThem() {
        OtaRollout rollout = rollout();
        running = List.of(incrementalJob("j1", "otherProduct"));
        rollout.tick();

        for (int i = 0; i < 1_000; i++) {
            rollout.versionReported(new DeviceRef("o1", "a" + i, "pk", "d" + i), "1.0");
        }
        assertThat(calls("runningIncremental")).isZero();
        assertThat(calls("reportVersion")).isEqualTo(1_000);

        rollout.versionReported(new DeviceRef("o1", "b", "otherProduct", "d"), "1.0");
        assertThat(calls("runningIncremental")).as("a product with an incremental job running").isOne();
    }

    @Test
    void beforeTheFirstPassAnInformStillLooksForIncrementalJobs() {
        OtaRollout rollout = rollout();
        rollout.versionReported(new DeviceRef("o1", "a", "pk", "d"), "1.0");
        assertThat(calls("runningIncremental")).isOne();
    }

    @Test
    void theSweepTimesOfJobsThatStoppedRunningAreForgotten() {
        OtaRollout rollout = rollout();
        running = List.of(incrementalJob("j1", "pk"), incrementalJob("j2", "pk"));
        rollout.tick();
        assertThat(rollout.trackedSweeps()).isEqualTo(2);

        running = List.of(incrementalJob("j2", "pk"));
        rollout.tick();
        assertThat(rollout.trackedSweeps()).isOne();

        running = List.of();
        rollout.tick();
        assertThat(rollout.trackedSweeps()).isZero();
    }

    private static OtaTask task(OtaTask.Status status, int progress) {
        return new OtaTask("t1", "j1", "o1", "a1", "pk", "d1", "7.0", "7.1", status, progress, null, 1, null,
                Instant.EPOCH);
    }

    /**
     * A task store whose stored task a progress report of the same device, handled on another worker, moves from
     * published to upgrading right after the first read: updates are conditional on the status, as in SQL.
     */
    private OtaRollout rolloutWithAConcurrentProgressReport(AtomicReference<OtaTask> stored) {
        AtomicBoolean progressCameBetween = new AtomicBoolean();
        OtaJobRepository jobs = counting(OtaJobRepository.class, Map.of(
                "activeTaskOf", args -> {
                    OtaTask read = stored.get();
                    if (progressCameBetween.compareAndSet(false, true)) {
                        stored.set(read.with(OtaTask.Status.UPGRADING, 90, "verified", Instant.EPOCH));
                    }
                    return Optional.of(read).filter(t -> !t.status().finished());
                },
                "update", args -> {
                    OtaTask next = (OtaTask) args[0];
                    OtaTask.Status expected = (OtaTask.Status) args[1];
                    return stored.get().status() == expected
                            && stored.compareAndSet(stored.get(), next);
                },
                "find", args -> Optional.of(new OtaJob("j1", "o1", "pk", "fw1", "job",
                        new OtaJob.Scope(false, null, null, null, null, null), OtaJob.Policy.DEFAULTS,
                        OtaJob.Status.RUNNING, Instant.EPOCH, Instant.EPOCH, null, OtaJob.Kind.UPGRADE, false))));
        return new OtaRollout(jobs, counting(FirmwareRepository.class, Map.of()), counting(OtaDevices.class, Map.of()),
                new DownloadLinks(new byte[32], "http://localhost", Duration.ofHours(1), Clock.systemUTC()),
                (productKey, deviceKey, topic, payload) -> true, "node-a",
                Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void aVersionInformSucceedsTheTaskEvenWhenAProgressReportChangesItMeanwhile() {
        AtomicReference<OtaTask> stored = new AtomicReference<>(task(OtaTask.Status.PUBLISHED, 0));
        rolloutWithAConcurrentProgressReport(stored).versionReported(new DeviceRef("o1", "a1", "pk", "d1"), "7.1");

        assertThat(stored.get().status()).isEqualTo(OtaTask.Status.SUCCEEDED);
        assertThat(stored.get().progress()).isEqualTo(100);
    }

    @Test
    void aFailureReportFailsTheTaskEvenWhenAProgressReportChangesItMeanwhile() {
        AtomicReference<OtaTask> stored = new AtomicReference<>(task(OtaTask.Status.PUBLISHED, 0));
        int code = rolloutWithAConcurrentProgressReport(stored).progressReported(
                new DeviceRef("o1", "a1", "pk", "d1"), "-2", "download failed");

        assertThat(code).isZero();
        assertThat(stored.get().status()).isEqualTo(OtaTask.Status.FAILED);
        assertThat(stored.get().progress()).isEqualTo(-2);
    }
}
