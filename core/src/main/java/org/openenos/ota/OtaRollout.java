package org.openenos.ota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.FirmwareUpdates;
import org.openenos.connectivity.command.CommandPublisher;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.DeviceRequest;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.TopicKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives running jobs and hears the devices. Each {@link #tick()} pushes {@code ota.device.upgrade} to online devices
 * whose task waits (within the job's concurrency and per-minute rate), fails tasks past their time-out, and finishes
 * jobs with nothing left to do; a device coming online asks for a tick at once. Devices report versions (an inform
 * carrying the job's version is the success, reference enos-ota §5) and progress (a negative step is a failure,
 * retried while the job allows). Every task change is conditional on the state it was read in
 * ({@link OtaJobRepository#update(OtaTask, OtaTask.Status)}): a device's report, the driver's time-out and an
 * operator's cancel never overwrite each other, and nothing holds a lock while devices talk.
 */
public final class OtaRollout implements FirmwareUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(OtaRollout.class);
    /** Waiting tasks looked at per job and pass. */
    private static final int TASKS_PER_PASS = 10_000;
    /** How long a node keeps driving a job without renewing (each pass renews; passes come every second). */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final EnumSet<OtaTask.Status> UNFINISHED =
            EnumSet.of(OtaTask.Status.INIT, OtaTask.Status.PUBLISHED, OtaTask.Status.UPGRADING);
    /** Later than any retry time: every waiting task. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");
    private static final EnumSet<OtaTask.Status> IN_FLIGHT =
            EnumSet.of(OtaTask.Status.PUBLISHED, OtaTask.Status.UPGRADING);
    /** Reads of a task a device's report makes when concurrent reports of the same device changed it meanwhile. */
    private static final int CONCURRENT_CHANGE_ATTEMPTS = 5;

    private final OtaJobRepository jobs;
    private final FirmwareRepository firmware;
    private final OtaDevices devices;
    private final DownloadLinks links;
    private final CommandPublisher publisher;
    private final Clock clock;
    private final MessageCodec codec = new MessageCodec();
    private final AtomicLong messageIds;
    /** Push times of the last minute per job, for the rate limit. */
    private final Map<String, Deque<Instant>> recentPushes = new ConcurrentHashMap<>();
    private final AtomicBoolean tickRequested = new AtomicBoolean();
    private final String node;
    private final OtaTargets targets;
    /** When each incremental job driven here last looked for devices that came to match; running jobs only. */
    private final Map<String, Instant> lastSweep = new ConcurrentHashMap<>();
    /**
     * Organization and product of every running incremental job, as of the last pass (null before the first): a
     * version inform of any other product costs no query for incremental jobs. A job started since the last pass
     * is at most one tick away, and its sweeps take on a device missed meanwhile.
     */
    private volatile Set<String> incrementalProducts;
    /** How often an incremental job looks over its product for devices that came to match (tags, new devices). */
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    /**
     * {@code node} names this server in job leases; it must stay the same across restarts (a restarted node takes
     * its jobs back at once instead of waiting for its old lease to run out) and differ between nodes.
     */
    public OtaRollout(OtaJobRepository jobs, FirmwareRepository firmware, OtaDevices devices, DownloadLinks links,
                      CommandPublisher publisher, String node, Clock clock) {
        this.jobs = jobs;
        this.node = node;
        this.firmware = firmware;
        this.devices = devices;
        this.links = links;
        this.publisher = publisher;
        this.clock = clock;
        this.messageIds = new AtomicLong(clock.millis() * 1000);
        this.targets = new OtaTargets(jobs, devices);
    }

    /** Asks for a pass soon on {@code executor}; requests made while one is queued join it (a reconnect storm). */
    public void requestTick(Executor executor) {
        if (tickRequested.compareAndSet(false, true)) {
            executor.execute(() -> {
                tickRequested.set(false);
                tick();
            });
        }
    }

    /**
     * One pass over every running job this node holds (or now takes) the lease of. It never throws: a database
     * outage costs passes, not the timer that runs them.
     */
    public synchronized void tick() {
        Instant now = clock.instant();
        List<OtaJob> running;
        try {
            running = jobs.withStatus(OtaJob.Status.RUNNING);
        } catch (RuntimeException e) {
            LOG.warn("OTA jobs could not be read this time: {}", e.getMessage());
            return;
        }
        incrementalProducts = running.stream().filter(OtaJob::incremental)
                .map(j -> productKey(j.orgId(), j.productKey())).collect(Collectors.toUnmodifiableSet());
        // State kept per job lives only as long as the job runs (a finished, canceled or deleted job leaves it).
        Set<String> runningIds = running.stream().map(OtaJob::jobId).collect(Collectors.toSet());
        lastSweep.keySet().retainAll(runningIds);
        recentPushes.keySet().retainAll(runningIds);
        for (OtaJob job : running) {
            try {
                if (jobs.lease(job.jobId(), node, now, now.plus(LEASE))) {
                    drive(job);
                }
            } catch (RuntimeException e) {
                LOG.warn("OTA job {} could not be driven this time", job.jobId(), e);
            }
        }
    }

    private void drive(OtaJob job) {
        Instant now = clock.instant();
        if (job.incremental()) {
            sweep(job, now);
        } else if (jobs.countTasks(new OtaJobRepository.TaskQuery(job.orgId(), job.jobId(), null, UNFINISHED, 0, 1))
                == 0) {
            jobs.update(job.withStatus(OtaJob.Status.FINISHED, now), OtaJob.Status.RUNNING);
            recentPushes.remove(job.jobId());
            return;
        }
        int inFlight = 0;
        for (OtaTask task : jobs.searchTasks(new OtaJobRepository.TaskQuery(job.orgId(), job.jobId(), null,
                IN_FLIGHT, 0, OtaJob.Policy.MAX_CONCURRENCY))) {
            if (task.updateTime().plusSeconds(job.policy().timeoutSeconds()).isBefore(now)) {
                fail(job, task, -1, "upgrade timed out", now);
            } else {
                inFlight++;
            }
        }
        if (job.policy().schedule() != null && job.policy().schedule().over(now)) {
            for (OtaTask task : jobs.dueTasks(job.jobId(), END_OF_TIME, TASKS_PER_PASS)) {
                jobs.update(task.with(OtaTask.Status.FAILED, task.progress(), "the job's time window ended", now),
                        OtaTask.Status.INIT);
            }
            return;
        }
        if (job.policy().failureThreshold() > 0
                && jobs.taskCounts(job.jobId()).getOrDefault(OtaTask.Status.FAILED, 0L)
                >= job.policy().failureThreshold()) {
            LOG.warn("OTA job {} paused: {} or more devices failed", job.jobId(), job.policy().failureThreshold());
            jobs.update(job.withStatus(OtaJob.Status.PAUSED, now), OtaJob.Status.RUNNING);
            return;
        }
        if (!job.policy().inWindow(now)) {
            return;
        }
        Deque<Instant> recent = recentPushes.computeIfAbsent(job.jobId(), k -> new ArrayDeque<>());
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minusSeconds(60))) {
            recent.pollFirst();
        }
        int budget = Math.min(job.policy().maxConcurrency() - inFlight, job.policy().ratePerMinute() - recent.size());
        Optional<Firmware> target = firmware.find(job.orgId(), job.firmwareId());
        if (budget <= 0 || target.isEmpty()) {
            return;
        }
        for (OtaTask task : jobs.dueTasks(job.jobId(), now, Math.min(TASKS_PER_PASS, budget * 2))) {
            if (budget <= 0) {
                break;
            }
            if (push(target.get(), task, now)) {
                recent.addLast(now);
                budget--;
            }
        }
    }

    /**
     * Publishes the upgrade; false (the task keeps waiting) when the device is offline. The task is claimed first,
     * so a task canceled meanwhile is never pushed; it goes back to waiting when the device is not there.
     */
    private boolean push(Firmware f, OtaTask task, Instant now) {
        OtaTask published = task.published(now);
        if (!jobs.update(published, OtaTask.Status.INIT)) {
            return false;
        }
        DeviceRequest request = new DeviceRequest(Long.toString(messageIds.incrementAndGet()), "1.0",
                TopicKind.OTA_UPGRADE.method(null), descriptor(f, task.productKey(), task.deviceKey()));
        boolean sent = publisher.publish(task.productKey(), task.deviceKey(),
                TopicKind.OTA_UPGRADE.topic(task.productKey(), task.deviceKey()), codec.encode(request));
        if (!sent) {
            jobs.update(task, OtaTask.Status.PUBLISHED);
        }
        return sent;
    }

    private Map<String, Object> descriptor(Firmware f, String productKey, String deviceKey) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", f.version());
        d.put("signMethod", f.signMethod());
        d.put("sign", f.sign());
        d.put("fileUrl", links.url(f, productKey, deviceKey));
        // the EnOS Java SDK casts fileSize to int: a JSON integer (the upload limit keeps it below 2^31)
        d.put("fileSize", (int) Math.min(Integer.MAX_VALUE, f.fileSize()));
        return d;
    }

    /** A failed attempt: back to waiting while retries are left, else failed for good; false if the task changed. */
    private boolean fail(OtaJob job, OtaTask task, int step, String reason, Instant now) {
        if (task.attempts() <= job.policy().retryCount()) {
            return jobs.update(task.retryAt(now.plusSeconds(job.policy().retryIntervalSeconds()), step,
                    reason + " (attempt " + task.attempts() + ", retrying)", now), task.status());
        }
        return jobs.update(task.with(OtaTask.Status.FAILED, step, reason, now), task.status());
    }

    @Override
    public void versionReported(DeviceRef device, String version) {
        Instant now = clock.instant();
        devices.reportVersion(device.orgId(), device.assetId(), device.productKey(), device.deviceKey(), version, now);
        succeedTaskOf(device, version, now);
        try {
            joinIncrementalJobs(device, now);
        } catch (RuntimeException e) {
            // the next sweep of the job picks the device up
            LOG.warn("Device {} could not join incremental OTA jobs now: {}", device.key(), e.getMessage());
        }
    }

    /**
     * The device's active task succeeds when the device runs the task's version. The change is conditional on the
     * status read, and a device's requests are handled concurrently (the gateway's workers): a progress report of the
     * same device may move the task from published to upgrading between the read and the write. The report is read
     * again then, else the success would be lost and the task would wait out its time-out.
     */
    private void succeedTaskOf(DeviceRef device, String version, Instant now) {
        for (int attempt = 0; attempt < CONCURRENT_CHANGE_ATTEMPTS; attempt++) {
            Optional<OtaTask> active = jobs.activeTaskOf(device.assetId()).filter(t -> t.toVersion().equals(version));
            if (active.isEmpty()) {
                return;
            }
            OtaTask task = active.get();
            if (jobs.update(task.with(OtaTask.Status.SUCCEEDED, 100, "upgraded to " + version, now), task.status())) {
                verifiedIfEnough(task);
                return;
            }
        }
        LOG.warn("Device {} reported version {} but its OTA task kept changing; not counted", device.key(), version);
    }

    /** A success in a verify job: the firmware is verified once {@code minSuccessForVerified} devices succeeded. */
    private void verifiedIfEnough(OtaTask succeeded) {
        OtaJob job = jobs.find(succeeded.orgId(), succeeded.jobId()).orElse(null);
        if (job == null || job.kind() != OtaJob.Kind.VERIFY) {
            return;
        }
        firmware.find(job.orgId(), job.firmwareId()).ifPresent(f -> {
            long successes = jobs.taskCounts(job.jobId()).getOrDefault(OtaTask.Status.SUCCEEDED, 0L);
            if (successes >= f.verification().minSuccess() && firmware.markVerified(f.orgId(), f.firmwareId())) {
                LOG.info("Firmware {} ({} {}) verified by job {}: {} devices upgraded", f.firmwareId(),
                        f.productKey(), f.version(), job.jobId(), successes);
            }
        });
    }

    /** A device that now matches a running incremental job (its new version, say) joins it. */
    private void joinIncrementalJobs(DeviceRef device, Instant now) {
        Set<String> known = incrementalProducts;
        if (known != null && !known.contains(productKey(device.orgId(), device.productKey()))) {
            return;
        }
        List<OtaJob> incremental = jobs.runningIncremental(device.orgId(), device.productKey());
        if (incremental.isEmpty()) {
            return;
        }
        Optional<OtaDevices.OtaDevice> current = devices.device(device.assetId());
        for (OtaJob job : incremental) {
            Optional<OtaTask> task = current.flatMap(d -> firmware.find(job.orgId(), job.firmwareId())
                    .flatMap(f -> targets.newTask(job, f, d, now)));
            if (task.isPresent()) {
                jobs.insertTasks(List.of(task.get()));
                return; // one active job per device
            }
        }
    }

    /** Devices that came to match an incremental job without reporting anything (tags, new devices) join it. */
    private void sweep(OtaJob job, Instant now) {
        Instant last = lastSweep.get(job.jobId());
        if (last != null && last.plus(SWEEP_INTERVAL).isAfter(now)) {
            return;
        }
        lastSweep.put(job.jobId(), now);
        firmware.find(job.orgId(), job.firmwareId()).ifPresent(f -> jobs.insertTasks(targets.newTasks(job, f, now)));
    }

    @Override
    public int progressReported(DeviceRef device, String step, String desc) {
        int value;
        try {
            value = Integer.parseInt(step);
        } catch (NumberFormatException e) {
            value = Integer.MIN_VALUE;
        }
        Instant now = clock.instant();
        // read again when a concurrent report of the same device changed the task (see succeedTaskOf): a failure
        // must not be lost; a step that loses to a concurrent one is overtaken by it anyway
        for (int attempt = 0; attempt < CONCURRENT_CHANGE_ATTEMPTS; attempt++) {
            Optional<OtaTask> active = jobs.activeTaskOf(device.assetId());
            if (active.isEmpty()) {
                return TASK_NOT_FOUND;
            }
            OtaTask task = active.get();
            if (task.status() == OtaTask.Status.INIT) {
                return TASK_NOT_STARTED;
            }
            if (value == Integer.MIN_VALUE) {
                throw new OpenEnosException(ErrorCode.DEVICE_PAYLOAD_FORMAT, "params.step must be -5…100");
            }
            if (value >= 0) {
                jobs.update(task.with(OtaTask.Status.UPGRADING, Math.min(value, 100), desc, now), task.status());
                return 0;
            }
            OtaJob job = jobs.find(task.orgId(), task.jobId()).orElseThrow();
            if (fail(job, task, value, desc == null || desc.isBlank() ? FailureCause.describe(value) : desc, now)) {
                return 0;
            }
        }
        return 0;
    }

    @Override
    public List<Map<String, Object>> availableUpgrades(DeviceRef device) {
        Optional<OtaTask> active = jobs.activeTaskOf(device.assetId());
        if (active.isEmpty()) {
            return List.of();
        }
        OtaTask task = active.get();
        OtaJob job = jobs.find(task.orgId(), task.jobId()).orElse(null);
        Firmware f = job == null ? null : firmware.find(job.orgId(), job.firmwareId()).orElse(null);
        boolean offered = job != null && job.status() == OtaJob.Status.RUNNING
                && job.policy().inWindow(clock.instant())
                && (job.policy().enableUpgradeRequest() || task.status().inFlight());
        if (f == null || !offered) {
            return List.of();
        }
        if (task.status() == OtaTask.Status.INIT) {
            jobs.update(task.published(clock.instant()), OtaTask.Status.INIT);
        }
        return List.of(descriptor(f, device.productKey(), device.deviceKey()));
    }

    private static String productKey(String orgId, String productKey) {
        return orgId + '\u0000' + productKey;
    }

    /** Jobs this node keeps sweep times for (bounded by the running jobs). */
    int trackedSweeps() {
        return lastSweep.size();
    }

    /** The EnOS device SDK's failure steps (OTAUpdateFailureCause). */
    static final class FailureCause {
        private FailureCause() {
        }

        static String describe(int step) {
            return switch (step) {
                case -2 -> "download failed";
                case -3 -> "verification failed";
                case -4 -> "write failed";
                case -5 -> "upgrade ignored by the device";
                default -> "upgrade failed";
            };
        }
    }
}
