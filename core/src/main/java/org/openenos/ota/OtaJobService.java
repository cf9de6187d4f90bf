package org.openenos.ota;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/**
 * The life of OTA jobs as operators see it: create (for a firmware), start (the scope is resolved into one task per
 * device then: EnOS's snapshot policy), stop (pause: no new pushes, pushed devices carry on), start again (resume),
 * cancel, delete; and per device, cancel or retry its task. The {@link OtaRollout} does the pushing.
 */
public final class OtaJobService {
    private static final int MAX_NAME = 256;
    private static final int MAX_DEVICES = OtaTargets.MAX_DEVICES;

    private final OtaJobRepository jobs;
    private final FirmwareService firmware;
    private final OtaDevices devices;
    private final Runnable wake;
    private final Clock clock;
    private final OtaTargets targets;

    /** {@code wake} asks the rollout for a pass soon (after a start, resume or retry). */
    public OtaJobService(OtaJobRepository jobs, FirmwareService firmware, OtaDevices devices, Runnable wake,
                         Clock clock) {
        this.jobs = jobs;
        this.firmware = firmware;
        this.devices = devices;
        this.wake = wake;
        this.clock = clock;
        this.targets = new OtaTargets(jobs, devices);
    }

    public OtaJob create(String orgId, String firmwareId, String name, OtaJob.Scope scope, OtaJob.Policy policy) {
        return create(orgId, firmwareId, name, scope, policy, OtaJob.Kind.UPGRADE, false);
    }

    /**
     * A job of either kind. An upgrade job needs a firmware that requires no verification or has passed it; a verify
     * job needs one that requires verification and has not passed it yet, and takes no incremental policy.
     */
    public OtaJob create(String orgId, String firmwareId, String name, OtaJob.Scope scope, OtaJob.Policy policy,
                         OtaJob.Kind kind, boolean incremental) {
        Firmware f = firmware.get(orgId, firmwareId);
        if (kind == OtaJob.Kind.VERIFY) {
            if (!f.verification().enabled()) {
                throw OpenEnosException.badArgument("firmware " + firmwareId + " was uploaded without "
                        + "enableVerification: it needs no verify job");
            }
            if (f.verification().verified()) {
                throw new OpenEnosException(ErrorCode.CONFLICT, "firmware " + firmwareId + " is verified already");
            }
            if (incremental) {
                throw OpenEnosException.badArgument("upgradePolicy applies to upgrade jobs only");
            }
        } else if (!f.usableForUpgrade()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "firmware " + firmwareId + " must pass a verify job "
                    + "first (enableVerification): create a job of type \"verify\"");
        }
        if (name != null && name.length() > MAX_NAME) {
            throw OpenEnosException.badArgument("name is longer than " + MAX_NAME + " characters");
        }
        requireSelective(orgId, scope);
        OtaJob job = new OtaJob(UUID.randomUUID().toString().replace("-", ""), orgId, f.productKey(), firmwareId,
                name == null || name.isBlank() ? f.name() + " " + f.version() : name.strip(), scope, policy,
                OtaJob.Status.CREATED, clock.instant(), null, null, kind, incremental);
        jobs.insert(job);
        return job;
    }

    /** What a preview found: how many devices a job would take on now, and one page of them. */
    public record TargetPreview(int total, int busy, List<OtaDevices.OtaDevice> devices) {
    }

    /**
     * The devices a job for this firmware and scope would take on if it started now, without creating anything:
     * those in scope not on the firmware's version yet, less the {@code busy} ones (in another active job), which
     * are counted apart. Same checks and size limit as {@link #create} and {@link #start}.
     */
    public TargetPreview previewTargets(String orgId, String firmwareId, OtaJob.Scope scope, int offset, int limit) {
        Firmware f = firmware.get(orgId, firmwareId);
        requireSelective(orgId, scope);
        List<OtaDevices.OtaDevice> matching = targets.inScope(orgId, f.productKey(), scope, f);
        java.util.Set<String> busy = targets.busy(orgId, f.productKey());
        List<OtaDevices.OtaDevice> free = matching.stream().filter(d -> !busy.contains(d.assetId()))
                .sorted(java.util.Comparator.comparing(OtaDevices.OtaDevice::deviceKey)).toList();
        return new TargetPreview(free.size(), matching.size() - free.size(),
                free.subList(Math.min(offset, free.size()), Math.min(offset + limit, free.size())));
    }

    private void requireSelective(String orgId, OtaJob.Scope scope) {
        if (!scope.all() && scope.deviceKeys().isEmpty() && scope.versionNumbers().isEmpty()
                && scope.tags().isEmpty() && !scope.branch()) {
            throw OpenEnosException.badArgument("upgradeScope selects no device: give deviceKeys, versionNumbers, "
                    + "tags or an asset tree branch (treeId and assetId), or type \"all\"");
        }
        if (scope.branch() && devices.assetsInBranch(orgId, scope.treeId(), scope.branchAssetId()).isEmpty()) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "asset " + scope.branchAssetId() + " in tree "
                    + scope.treeId());
        }
    }

    public OtaJob get(String orgId, String jobId) {
        return jobs.find(orgId, jobId)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "OTA job " + jobId));
    }

    public List<OtaJob> search(OtaJobRepository.JobQuery query) {
        return jobs.search(query);
    }

    public long count(OtaJobRepository.JobQuery query) {
        return jobs.count(query);
    }

    public Map<OtaTask.Status, Long> taskCounts(String jobId) {
        return jobs.taskCounts(jobId);
    }

    /** Starts a new job (creating its tasks) or resumes a stopped one. */
    public OtaJob start(String orgId, String jobId) {
        OtaJob job = get(orgId, jobId);
        Instant now = clock.instant();
        OtaJob started = switch (job.status()) {
            case CREATED -> {
                jobs.insertTasks(tasksToStart(job, firmware.get(orgId, job.firmwareId()), now));
                yield job.withStatus(OtaJob.Status.RUNNING, now);
            }
            case PAUSED -> job.withStatus(OtaJob.Status.RUNNING, now);
            case RUNNING -> throw new OpenEnosException(ErrorCode.CONFLICT, "OTA job " + jobId + " has started");
            case FINISHED, CANCELED -> throw new OpenEnosException(ErrorCode.CONFLICT,
                    "OTA job " + jobId + " is " + job.status().enos());
        };
        changed(started, job);
        wake.run();
        return started;
    }

    /** No new pushes; devices already told to upgrade carry on and still report. */
    public OtaJob stop(String orgId, String jobId) {
        OtaJob job = get(orgId, jobId);
        if (job.status() != OtaJob.Status.RUNNING) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "OTA job " + jobId + " is not running");
        }
        OtaJob stopped = job.withStatus(OtaJob.Status.PAUSED, clock.instant());
        changed(stopped, job);
        return stopped;
    }

    /** Ends the job: tasks not finished are canceled. */
    public OtaJob cancel(String orgId, String jobId) {
        OtaJob job = get(orgId, jobId);
        if (job.status() == OtaJob.Status.FINISHED || job.status() == OtaJob.Status.CANCELED) {
            return job;
        }
        cancelTasks(job, null);
        OtaJob canceled = job.withStatus(OtaJob.Status.CANCELED, clock.instant());
        changed(canceled, job);
        return canceled;
    }

    public void delete(String orgId, String jobId) {
        OtaJob job = get(orgId, jobId);
        if (job.status() == OtaJob.Status.RUNNING) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "OTA job " + jobId + " is running; stop it first");
        }
        jobs.delete(orgId, jobId);
    }

    /** The device's task in a running or paused job, if it is being upgraded. */
    public java.util.Optional<OtaTask> activeTaskOf(String assetId) {
        return jobs.activeTaskOf(assetId);
    }

    public List<OtaTask> searchTasks(OtaJobRepository.TaskQuery query) {
        return jobs.searchTasks(query);
    }

    public long countTasks(OtaJobRepository.TaskQuery query) {
        return jobs.countTasks(query);
    }

    public int cancelTasks(String orgId, String jobId, Collection<String> deviceKeys) {
        return cancelTasks(get(orgId, jobId), deviceKeys);
    }

    /** Failed or canceled tasks of these devices wait for a push again, with fresh attempts. */
    public int retryTasks(String orgId, String jobId, Collection<String> deviceKeys) {
        OtaJob job = get(orgId, jobId);
        if (job.status() == OtaJob.Status.CANCELED) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "OTA job " + jobId + " is canceled");
        }
        Instant now = clock.instant();
        int retried = 0;
        for (OtaTask task : tasksOf(job, deviceKeys, EnumSet.of(OtaTask.Status.FAILED, OtaTask.Status.CANCELED))) {
            if (jobs.update(new OtaTask(task.taskId(), task.jobId(), task.orgId(), task.assetId(), task.productKey(),
                    task.deviceKey(), task.fromVersion(), task.toVersion(), OtaTask.Status.INIT, 0, "retry requested",
                    0, null, now), task.status())) {
                retried++;
            }
        }
        if (retried > 0 && job.status() == OtaJob.Status.FINISHED) {
            jobs.update(new OtaJob(job.jobId(), job.orgId(), job.productKey(), job.firmwareId(), job.name(),
                    job.scope(), job.policy(), OtaJob.Status.RUNNING, job.createTime(), job.startTime(), null,
                    job.kind(), job.incremental()),
                    OtaJob.Status.FINISHED);
        }
        wake.run();
        return retried;
    }

    private int cancelTasks(OtaJob job, Collection<String> deviceKeys) {
        Instant now = clock.instant();
        int canceled = 0;
        for (OtaTask task : tasksOf(job, deviceKeys,
                EnumSet.of(OtaTask.Status.INIT, OtaTask.Status.PUBLISHED, OtaTask.Status.UPGRADING))) {
            if (jobs.update(task.with(OtaTask.Status.CANCELED, task.progress(), "canceled", now), task.status())) {
                canceled++;
            }
        }
        return canceled;
    }

    /** Stores the new state unless the job changed since it was read (another request, the rollout finishing it). */
    private void changed(OtaJob next, OtaJob read) {
        if (!jobs.update(next, read.status())) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "OTA job " + read.jobId() + " changed meanwhile; try again");
        }
    }

    private List<OtaTask> tasksOf(OtaJob job, Collection<String> deviceKeys, EnumSet<OtaTask.Status> statuses) {
        List<OtaTask> all = jobs.searchTasks(new OtaJobRepository.TaskQuery(job.orgId(), job.jobId(), null, statuses,
                0, MAX_DEVICES));
        return deviceKeys == null ? all : all.stream().filter(t -> deviceKeys.contains(t.deviceKey())).toList();
    }

    /** One task per device in scope that does not run the target version yet and is in no other active job. */
    private List<OtaTask> tasksToStart(OtaJob job, Firmware f, Instant now) {
        if (job.kind() == OtaJob.Kind.UPGRADE && !f.usableForUpgrade()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "firmware " + f.firmwareId() + " must pass a verify job "
                    + "first (enableVerification)");
        }
        List<OtaTask> tasks = targets.newTasks(job, f, now);
        if (job.kind() == OtaJob.Kind.VERIFY && tasks.size() > f.verification().maxAllowed()) {
            throw OpenEnosException.badArgument("this verify job would try the firmware on " + tasks.size()
                    + " devices; the firmware allows at most " + f.verification().maxAllowed()
                    + " (maxAllowedForVerification): narrow its upgradeScope");
        }
        return tasks;
    }
}
