package org.openenos.rest.ota;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openenos.error.OpenEnosException;
import org.openenos.ota.OtaJob;
import org.openenos.ota.OtaJobRepository;
import org.openenos.ota.OtaJobService;
import org.openenos.ota.OtaSchedule;
import org.openenos.ota.OtaTask;
import org.openenos.registry.DeviceDirectory;
import org.openenos.registry.Page;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.registry.PageRequestBody;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /connect-service/v2.1/ota-jobs} (reference enos-ota §4): {@code create}, {@code get}, {@code search},
 * {@code start} (also resumes a stopped job), {@code stop}, {@code cancel}, {@code delete}, {@code searchTask},
 * {@code cancelTask}, {@code retryTask}, and {@code previewTargets} (OpenEnOS: the devices a scope selects, nothing
 * created). Times are seconds ({@code upgradeTimeout}, {@code retryInterval}); {@code rateLimit} (OpenEnOS) caps
 * pushes per minute.
 */
@RestController
@RequestMapping("/connect-service/v2.1/ota-jobs")
public class OtaJobController {
    public record SearchBody(String expression, String firmwareId, String productKey, String status,
                             PageRequestBody pagination) {
    }

    public record TaskSearchBody(String expression, String jobId, String deviceKey, String status,
                                 PageRequestBody pagination) {
    }

    public record DeviceKeysBody(List<String> deviceKeys) {
    }

    private final OtaJobService jobs;
    private final ApiAccess access;
    private final DeviceDirectory directory;

    public OtaJobController(OtaJobService jobs, ApiAccess access, DeviceDirectory directory) {
        this.jobs = jobs;
        this.access = access;
        this.directory = directory;
    }

    @RequestMapping(params = "action=create", method = RequestMethod.POST)
    public ApiResponse create(@RequestParam String orgId, @RequestParam String firmwareId,
                              @RequestBody Map<String, Object> body) {
        access.requireWrite(orgId);
        String type = OtaBody.text(body.get("type"));
        OtaJob.Kind kind = switch (type == null ? "upgrade" : type) {
            case "upgrade" -> OtaJob.Kind.UPGRADE;
            case "verify" -> OtaJob.Kind.VERIFY;
            default -> throw OpenEnosException.badArgument("type must be \"upgrade\" or \"verify\"");
        };
        String upgradePolicy = OtaBody.text(body.get("upgradePolicy"));
        boolean incremental = switch (upgradePolicy == null ? "snapshot" : upgradePolicy) {
            case "snapshot" -> false;
            case "incremental" -> true;
            default -> throw OpenEnosException.badArgument("upgradePolicy must be \"snapshot\" or \"incremental\"");
        };
        OtaJob.Scope s = scope(body);
        Map<String, Object> retry = OtaBody.object(body.get("retryPolicy"), "retryPolicy");
        OtaJob.Policy d = OtaJob.Policy.DEFAULTS;
        OtaJob.Policy policy;
        try {
            policy = new OtaJob.Policy(OtaBody.bool(body.get("enableUpgradeRequest")),
                    OtaBody.integer(body.get("upgradeTimeout"), "upgradeTimeout", d.timeoutSeconds()),
                    OtaBody.bool(retry.get("enableRetry"))
                            ? OtaBody.integer(retry.get("retryCount"), "retryPolicy.retryCount", 1) : 0,
                    OtaBody.integer(retry.get("retryInterval"), "retryPolicy.retryInterval", d.retryIntervalSeconds()),
                    OtaBody.integer(body.get("rateLimit"), "rateLimit", d.ratePerMinute()),
                    OtaBody.integer(body.get("maximumConcurrency"), "maximumConcurrency", d.maxConcurrency()),
                    schedule(body.get("schedulePolicy")),
                    OtaBody.integer(body.get("failureThreshold"), "failureThreshold", 0));
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument(e.getMessage());
        }
        OtaJob job = jobs.create(orgId, firmwareId, OtaBody.text(body.get("name")), s, policy, kind, incremental);
        return ApiResponse.ok(Map.of("jobId", job.jobId()));
    }

    /**
     * OpenEnOS: the devices a job with this {@code upgradeScope} would take on if it started now, without creating
     * anything: {@code total}, {@code busy} (in scope but in another active job) and one page of devices.
     */
    @RequestMapping(params = "action=previewTargets", method = RequestMethod.POST)
    public ApiResponse previewTargets(@RequestParam String orgId, @RequestParam String firmwareId,
                                      @RequestBody Map<String, Object> body) {
        access.requireRead(orgId);
        Map<String, Object> pagination = OtaBody.object(body.get("pagination"), "pagination");
        Page.Request page;
        try {
            page = PageRequestBody.of(new PageRequestBody(
                    OtaBody.integer(pagination.get("pageNo"), "pagination.pageNo", 1),
                    OtaBody.integer(pagination.get("pageSize"), "pagination.pageSize", 10)), 10);
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument(e.getMessage());
        }
        OtaJobService.TargetPreview preview = jobs.previewTargets(orgId, firmwareId, scope(body), page.offset(),
                page.pageSize());
        List<Map<String, Object>> devices = preview.devices().stream().map(d -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("assetId", d.assetId());
            v.put("productKey", d.productKey());
            v.put("deviceKey", d.deviceKey());
            v.put("deviceName", directory.deviceByAsset(d.assetId()).map(x -> x.deviceName()).orElse(null));
            v.put("firmwareVersion", d.version());
            return v;
        }).toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("total", preview.total());
        data.put("busy", preview.busy());
        data.put("devices", devices);
        return ApiResponse.ok(data);
    }

    private static OtaJob.Scope scope(Map<String, Object> body) {
        Map<String, Object> scope = OtaBody.object(body.get("upgradeScope"), "upgradeScope");
        String scopeType = OtaBody.text(scope.get("type"));
        try {
            return new OtaJob.Scope("all".equals(scopeType) || "total".equals(scopeType),
                    OtaBody.strings(scope.get("deviceKeys"), "upgradeScope.deviceKeys"),
                    OtaBody.versions(scope.get("versionNumbers"), "upgradeScope.versionNumbers"),
                    OtaBody.stringMap(scope.get("tags"), "upgradeScope.tags"),
                    OtaBody.text(scope.get("treeId")), OtaBody.text(scope.get("assetId")));
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument(e.getMessage());
        }
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String jobId) {
        access.requireRead(orgId);
        OtaJob job = jobs.get(orgId, jobId);
        return ApiResponse.ok(view(job, jobs.taskCounts(job.jobId())));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        SearchBody b = body == null ? new SearchBody(null, null, null, null, null) : body;
        Map<String, String> where = OtaBody.equalities(b.expression(),
                java.util.Set.of("status", "productKey", "firmwareId"));
        String status = b.status() != null ? b.status() : where.get("status");
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        OtaJobRepository.JobQuery query = new OtaJobRepository.JobQuery(orgId,
                b.productKey() != null ? b.productKey() : where.get("productKey"),
                b.firmwareId() != null ? b.firmwareId() : where.get("firmwareId"),
                status == null ? null : jobStatus(status), page.offset(), page.pageSize());
        List<Map<String, Object>> items = jobs.search(query).stream()
                .map(j -> view(j, jobs.taskCounts(j.jobId()))).toList();
        return ApiResponse.page(items, new ApiResponse.Pagination(page.pageNo(), page.pageSize(), jobs.count(query),
                "createTime DESC"));
    }

    @RequestMapping(params = "action=start", method = RequestMethod.POST)
    public ApiResponse start(@RequestParam String orgId, @RequestParam String jobId) {
        access.requireWrite(orgId);
        jobs.start(orgId, jobId);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=stop", method = RequestMethod.POST)
    public ApiResponse stop(@RequestParam String orgId, @RequestParam String jobId) {
        access.requireWrite(orgId);
        jobs.stop(orgId, jobId);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=cancel", method = RequestMethod.POST)
    public ApiResponse cancel(@RequestParam String orgId, @RequestParam String jobId) {
        access.requireWrite(orgId);
        jobs.cancel(orgId, jobId);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=delete", method = {RequestMethod.POST, RequestMethod.DELETE})
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String jobId) {
        access.requireWrite(orgId);
        jobs.delete(orgId, jobId);
        return ApiResponse.ok(null);
    }

    @RequestMapping(params = "action=searchTask", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse searchTask(@RequestParam String orgId, @RequestParam(required = false) String jobId,
                                  @RequestBody(required = false) TaskSearchBody body) {
        access.requireRead(orgId);
        TaskSearchBody b = body == null ? new TaskSearchBody(null, null, null, null, null) : body;
        Map<String, String> where = OtaBody.equalities(b.expression(), java.util.Set.of("status", "jobId", "deviceKey"));
        String status = b.status() != null ? b.status() : where.get("status");
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        OtaJobRepository.TaskQuery query = new OtaJobRepository.TaskQuery(orgId,
                jobId != null ? jobId : b.jobId() != null ? b.jobId() : where.get("jobId"),
                b.deviceKey() != null ? b.deviceKey() : where.get("deviceKey"),
                status == null ? null : taskStatuses(status), page.offset(), Math.min(page.pageSize(), 200));
        List<Map<String, Object>> items = jobs.searchTasks(query).stream().map(OtaJobController::view).toList();
        return ApiResponse.page(items, new ApiResponse.Pagination(page.pageNo(), page.pageSize(),
                jobs.countTasks(query), "deviceKey"));
    }

    @RequestMapping(params = "action=cancelTask", method = RequestMethod.POST)
    public ApiResponse cancelTask(@RequestParam String orgId, @RequestParam String jobId,
                                  @RequestBody DeviceKeysBody body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(Map.of("count", jobs.cancelTasks(orgId, jobId, keys(body))));
    }

    @RequestMapping(params = "action=retryTask", method = RequestMethod.POST)
    public ApiResponse retryTask(@RequestParam String orgId, @RequestParam String jobId,
                                 @RequestBody DeviceKeysBody body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(Map.of("count", jobs.retryTasks(orgId, jobId, keys(body))));
    }

    private static OtaSchedule schedule(Object value) {
        Map<String, Object> p = OtaBody.object(value, "schedulePolicy");
        if (p.isEmpty()) {
            return null;
        }
        return new OtaSchedule(OtaBody.longValue(p.get("startTimestamp"), "schedulePolicy.startTimestamp"),
                OtaBody.longValue(p.get("endTimestamp"), "schedulePolicy.endTimestamp"),
                OtaBody.bool(p.get("isRepeatDaily")),
                OtaBody.integer(p.get("timezoneOffsetInMinutes"), "schedulePolicy.timezoneOffsetInMinutes", 0));
    }

    private static List<String> keys(DeviceKeysBody body) {
        if (body == null || body.deviceKeys() == null || body.deviceKeys().isEmpty()) {
            throw OpenEnosException.badArgument("deviceKeys is required");
        }
        return body.deviceKeys();
    }

    private static OtaJob.Status jobStatus(String s) {
        try {
            return OtaJob.Status.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument("status: created, running, paused, finished or canceled");
        }
    }

    private static EnumSet<OtaTask.Status> taskStatuses(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "init" -> EnumSet.of(OtaTask.Status.INIT);
            case "published" -> EnumSet.of(OtaTask.Status.PUBLISHED);
            case "upgrading" -> EnumSet.of(OtaTask.Status.UPGRADING);
            case "succeeded" -> EnumSet.of(OtaTask.Status.SUCCEEDED);
            case "failed" -> EnumSet.of(OtaTask.Status.FAILED, OtaTask.Status.CANCELED);
            default -> throw OpenEnosException.badArgument("status: init, published, upgrading, succeeded or failed");
        };
    }

    private static Map<String, Object> view(OtaJob job, Map<OtaTask.Status, Long> counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orgId", job.orgId());
        m.put("jobId", job.jobId());
        m.put("productKey", job.productKey());
        m.put("firmwareId", job.firmwareId());
        m.put("name", Map.of("defaultValue", job.name(), "i18nValue", Map.of()));
        m.put("type", job.kind().enos());
        m.put("status", job.status().enos());
        Map<String, Object> scope = new LinkedHashMap<>(Map.of("type", job.scope().all() ? "all" : "partial",
                "deviceKeys", job.scope().deviceKeys(), "versionNumbers", job.scope().versionNumbers(),
                "tags", job.scope().tags()));
        if (job.scope().branch()) {
            scope.put("treeId", job.scope().treeId());
            scope.put("assetId", job.scope().branchAssetId());
        }
        m.put("upgradeScope", scope);
        m.put("upgradePolicy", job.incremental() ? "incremental" : "snapshot");
        m.put("enableUpgradeRequest", job.policy().enableUpgradeRequest());
        m.put("upgradeTimeout", job.policy().timeoutSeconds());
        m.put("retryPolicy", Map.of("enableRetry", job.policy().retryCount() > 0,
                "retryCount", job.policy().retryCount(), "retryInterval", job.policy().retryIntervalSeconds()));
        m.put("maximumConcurrency", job.policy().maxConcurrency());
        m.put("rateLimit", job.policy().ratePerMinute());
        m.put("failureThreshold", job.policy().failureThreshold());
        OtaSchedule schedule = job.policy().schedule();
        if (schedule != null) {
            m.put("schedulePolicy", Map.of("startTimestamp", schedule.startTimestamp(),
                    "endTimestamp", schedule.endTimestamp(), "isRepeatDaily", schedule.isRepeatDaily(),
                    "timezoneOffsetInMinutes", schedule.timezoneOffsetInMinutes()));
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        stats.put("total", total);
        stats.put("init", counts.getOrDefault(OtaTask.Status.INIT, 0L));
        stats.put("published", counts.getOrDefault(OtaTask.Status.PUBLISHED, 0L));
        stats.put("upgrading", counts.getOrDefault(OtaTask.Status.UPGRADING, 0L));
        stats.put("succeeded", counts.getOrDefault(OtaTask.Status.SUCCEEDED, 0L));
        stats.put("failed", counts.getOrDefault(OtaTask.Status.FAILED, 0L)
                + counts.getOrDefault(OtaTask.Status.CANCELED, 0L));
        m.put("taskStatistics", stats);
        m.put("createTime", job.createTime().toEpochMilli());
        m.put("startTime", job.startTime() == null ? null : job.startTime().toEpochMilli());
        m.put("endTime", job.endTime() == null ? null : job.endTime().toEpochMilli());
        return m;
    }

    private static Map<String, Object> view(OtaTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taskId", t.taskId());
        m.put("orgId", t.orgId());
        m.put("assetId", t.assetId());
        m.put("productKey", t.productKey());
        m.put("deviceKey", t.deviceKey());
        m.put("jobId", t.jobId());
        m.put("fromVersion", t.fromVersion());
        m.put("toVersion", t.toVersion());
        m.put("progress", t.progress());
        m.put("desc", t.desc());
        m.put("status", t.status().enos());
        m.put("attempts", t.attempts());
        m.put("updateTime", t.updateTime().toEpochMilli());
        return m;
    }
}
