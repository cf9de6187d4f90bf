package org.openenos.ota;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openenos.error.OpenEnosException;

/**
 * The devices a job takes on: those of its product in its scope, not yet on the target version and in no other
 * active job. For a whole product it reads the devices in one query, checks the size limit before anything else, and
 * reads the devices busy in other jobs in a second query, whatever the size of the fleet.
 */
final class OtaTargets {
    static final int MAX_DEVICES = 100_000;
    private final OtaJobRepository jobs;
    private final OtaDevices devices;

    OtaTargets(OtaJobRepository jobs, OtaDevices devices) {
        this.jobs = jobs;
        this.devices = devices;
    }

    /** One new task per device in scope now (at the start, and in the sweeps of an incremental job). */
    List<OtaTask> newTasks(OtaJob job, Firmware target, Instant now) {
        List<OtaDevices.OtaDevice> matching = inScope(job.orgId(), job.productKey(), job.scope(), target);
        Set<String> busy = busy(job.orgId(), job.productKey());
        return matching.stream().filter(d -> !busy.contains(d.assetId())).map(d -> task(job, target, d, now))
                .toList();
    }

    /**
     * The devices of the product that the scope selects and that are not on the target version yet, refused
     * beyond the size limit; what a job would take on if it started now (less the {@link #busy} ones).
     */
    List<OtaDevices.OtaDevice> inScope(String orgId, String productKey, OtaJob.Scope scope, Firmware target) {
        Set<String> branch = scope.branch() ? devices.assetsInBranch(orgId, scope.treeId(), scope.branchAssetId())
                : null;
        List<OtaDevices.OtaDevice> matching = devices.ofProduct(orgId, productKey).stream()
                .filter(d -> scope.matches(d) && !target.version().equals(d.version())
                        && (branch == null || branch.contains(d.assetId()))).toList();
        if (matching.size() > MAX_DEVICES) {
            throw OpenEnosException.badArgument("a job targets at most " + MAX_DEVICES + " devices; this one would "
                    + "target " + matching.size() + ": narrow its upgradeScope");
        }
        return matching;
    }

    /** Devices of the product with a task in another active job: a new job leaves them alone. */
    Set<String> busy(String orgId, String productKey) {
        return jobs.assetsWithActiveTasks(orgId, productKey);
    }

    /** A task for one device that has come to match the job (it reported a version, for example). */
    Optional<OtaTask> newTask(OtaJob job, Firmware target, OtaDevices.OtaDevice device, Instant now) {
        if (!wants(job, target, device) || jobs.activeTaskOf(device.assetId()).isPresent()) {
            return Optional.empty();
        }
        if (job.scope().branch() && !devices.assetsInBranch(job.orgId(), job.scope().treeId(),
                job.scope().branchAssetId()).contains(device.assetId())) {
            return Optional.empty();
        }
        return Optional.of(task(job, target, device, now));
    }

    private static boolean wants(OtaJob job, Firmware target, OtaDevices.OtaDevice device) {
        return job.scope().matches(device) && !target.version().equals(device.version());
    }

    private static OtaTask task(OtaJob job, Firmware target, OtaDevices.OtaDevice d, Instant now) {
        return new OtaTask(job.jobId() + "." + d.assetId(), job.jobId(), job.orgId(), d.assetId(), d.productKey(),
                d.deviceKey(), d.version(), target.version(), OtaTask.Status.INIT, 0, null, 0, null, now);
    }
}
