package org.openenos.ota;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rollout of one firmware to devices of its product. The scope picks the devices when the job starts (EnOS's
 * snapshot policy) and, with the incremental policy, also devices that come to match while it runs: all of the product, or those listed, or with all given tags, or running one of the given
 * versions; filters combine. The policy paces it: at most {@code maxConcurrency} devices upgrading at once, at most
 * {@code ratePerMinute} pushes a minute, {@code retryCount} more attempts {@code retryIntervalSeconds} apart, and an
 * upgrade not finished {@code timeoutSeconds} after its push fails.
 */
public record OtaJob(String jobId, String orgId, String productKey, String firmwareId, String name, Scope scope,
                     Policy policy, Status status, Instant createTime, Instant startTime, Instant endTime, Kind kind,
                     boolean incremental) {

    /** An upgrade job with the snapshot policy. */
    public OtaJob(String jobId, String orgId, String productKey, String firmwareId, String name, Scope scope,
                  Policy policy, Status status, Instant createTime, Instant startTime, Instant endTime) {
        this(jobId, orgId, productKey, firmwareId, name, scope, policy, status, createTime, startTime, endTime,
                Kind.UPGRADE, false);
    }

    public OtaJob {
        kind = kind == null ? Kind.UPGRADE : kind;
    }

    /**
     * EnOS's job types (enos-ota §4): an upgrade job rolls a (verified) firmware out; a verify job tries a firmware
     * that needs verification on a few devices and marks it verified once enough of them succeeded.
     */
    public enum Kind {
        UPGRADE, VERIFY;

        public String enos() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Status {
        CREATED, RUNNING, PAUSED, FINISHED, CANCELED;

        public boolean active() {
            return this == RUNNING || this == PAUSED;
        }

        public String enos() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code all}: every device of the product; otherwise the filters narrow it. {@code treeId} with
     * {@code branchAssetId}: only devices in that asset tree under (or at) that node.
     */
    public record Scope(boolean all, List<String> deviceKeys, List<String> versionNumbers, Map<String, String> tags,
                        String treeId, String branchAssetId) {
        public Scope {
            deviceKeys = deviceKeys == null ? List.of() : List.copyOf(deviceKeys);
            versionNumbers = versionNumbers == null ? List.of() : List.copyOf(versionNumbers);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
            if ((treeId == null) != (branchAssetId == null)) {
                throw new IllegalArgumentException("upgradeScope.treeId and upgradeScope.assetId go together");
            }
        }

        public Scope(boolean all, List<String> deviceKeys, List<String> versionNumbers, Map<String, String> tags) {
            this(all, deviceKeys, versionNumbers, tags, null, null);
        }

        public boolean branch() {
            return treeId != null;
        }

        public boolean matches(OtaDevices.OtaDevice device) {
            if (!deviceKeys.isEmpty() && !deviceKeys.contains(device.deviceKey())) {
                return false;
            }
            if (!versionNumbers.isEmpty() && !versionNumbers.contains(device.version())) {
                return false;
            }
            return tags.entrySet().stream().allMatch(t -> t.getValue().equals(device.tags().get(t.getKey())));
        }
    }

    /**
     * {@code schedule} null: push at once. {@code failureThreshold} &gt; 0: the job pauses when that many devices
     * have failed for good, for the operator to look before more devices are touched.
     */
    public record Policy(boolean enableUpgradeRequest, int timeoutSeconds, int retryCount, int retryIntervalSeconds,
                         int ratePerMinute, int maxConcurrency, OtaSchedule schedule, int failureThreshold) {
        public static final Policy DEFAULTS = new Policy(false, 3600, 0, 60, 60, 100, null, 0);
        public static final int MAX_CONCURRENCY = 10_000;

        public Policy {
            if (timeoutSeconds < 1 || retryCount < 0 || retryIntervalSeconds < 0 || ratePerMinute < 1
                    || maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY || failureThreshold < 0) {
                throw new IllegalArgumentException("upgradeTimeout ≥ 1, retryCount ≥ 0, retryInterval ≥ 0, "
                        + "rateLimit ≥ 1, maximumConcurrency 1…" + MAX_CONCURRENCY + " and failureThreshold ≥ 0");
            }
        }

        public boolean inWindow(Instant now) {
            return schedule == null || schedule.allows(now);
        }
    }

    public OtaJob withStatus(Status next, Instant at) {
        Instant started = next == Status.RUNNING && startTime == null ? at : startTime;
        Instant ended = next == Status.FINISHED || next == Status.CANCELED ? at : endTime;
        return new OtaJob(jobId, orgId, productKey, firmwareId, name, scope, policy, next, createTime, started, ended,
                kind, incremental);
    }
}
