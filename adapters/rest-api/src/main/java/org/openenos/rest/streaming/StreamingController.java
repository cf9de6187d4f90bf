package org.openenos.rest.streaming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.streaming.StreamEngine;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.StreamingService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /streaming/v2.0}: stream jobs in EnOS's shapes. Create on {@code /streaming/pipelines?action=create}, list
 * on {@code /streaming/pipelines} without an action; one job at {@code /streaming/pipeline/{pipelineId}}: without an
 * action (GET or POST) its details, POST with {@code action=save|update|release|start|pause|stop|delete}; its offsets at {@code …/offset-lag} (GET)
 * and {@code …/offset} (POST resets them). Error codes are EnOS's 611xx.
 */
@RestController
@RequestMapping("/streaming/v2.0")
public class StreamingController {
    public record CreateBody(String pipelineName, String templateType, Map<String, Object> config) {
    }

    public record UpdateBody(String pipelineName, Map<String, Object> config) {
    }

    public record StartBody(Integer executionMode, Integer kafkaRate) {
    }

    /** {@code offset} and {@code limit} page through a large state (default 0 and 1,000; at most 100,000). */
    public record StageStateBody(String pipelineId, String stageInstanceName, String assetIds, String pointIds,
                                 Integer offset, Integer limit) {
    }

    private final ObjectProvider<StreamingService> streaming;
    private final ApiAccess access;

    public StreamingController(ObjectProvider<StreamingService> streaming, ApiAccess access) {
        this.streaming = streaming;
        this.access = access;
    }

    private StreamingService service() {
        StreamingService s = streaming.getIfAvailable();
        if (s == null) {
            throw new OpenEnosException(ErrorCode.UNAVAILABLE, "stream processing is not enabled on this server");
        }
        return s;
    }

    @PostMapping(value = "/streaming/pipelines", params = "action=create")
    public ApiResponse create(@RequestParam String orgId, @RequestBody CreateBody body) {
        access.requireWrite(orgId);
        if (body == null) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, "request body is required");
        }
        StreamJob job = service().create(orgId, body.pipelineName(), body.templateType(), body.config());
        return ApiResponse.ok(Map.of("pipelineId", job.pipelineId()));
    }

    @RequestMapping(value = "/streaming/pipelines", params = "!action", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse list(@RequestParam String orgId, @RequestParam(defaultValue = "1") int pageNo,
                            @RequestParam(defaultValue = "10") int pageSize,
                            @RequestParam(defaultValue = "false") boolean ifReleased) {
        access.requireRead(orgId);
        if (pageNo < 1 || pageSize < 1 || pageSize > 1000) {
            throw OpenEnosException.badArgument("pageNo must be >= 1 and pageSize between 1 and 1000");
        }
        List<StreamJob> all = service().list(orgId).stream()
                .filter(j -> !ifReleased || j.releasedConfig() != null).toList();
        var page = new ArrayList<Map<String, Object>>();
        for (int i = (pageNo - 1) * pageSize; i < Math.min(all.size(), pageNo * pageSize); i++) {
            Map<String, Object> summary = summary(all.get(i));
            summary.put("runtime", runtime(service().view(all.get(i))));
            page.add(summary);
        }
        return ApiResponse.ok(Map.of("count", all.size(), "pipelines", page));
    }

    @RequestMapping(value = "/streaming/pipeline/{pipelineId}", params = "!action",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @PathVariable String pipelineId) {
        access.requireRead(orgId);
        var view = service().runtime(orgId, pipelineId);
        Map<String, Object> details = summary(view.job());
        details.put("config", view.job().config());
        details.put("releasedConfig", view.job().releasedConfig());
        details.put("runtime", runtime(view));
        StreamingService.Chain chain = service().chain(view.job());
        details.put("upstream", chain.upstream());
        details.put("downstream", chain.downstream());
        return ApiResponse.ok(details);
    }

    /** Status of the job in the engine, its counters since it was last started and its rates over the last minute. */
    private static Map<String, Object> runtime(StreamingService.RuntimeView view) {
        StreamEngine.RuntimeState state = view.state();
        var runtime = new LinkedHashMap<String, Object>();
        runtime.put("phase", state.phase());
        runtime.put("failure", state.failure());
        runtime.put("recordsIn", state.recordsIn());
        runtime.put("recordsOut", state.recordsOut());
        runtime.put("errors", state.errors());
        runtime.put("lag", state.lag());
        runtime.put("recordsInRate", Math.round(view.rates().inPerSecond() * 100) / 100.0);
        runtime.put("recordsOutRate", Math.round(view.rates().outPerSecond() * 100) / 100.0);
        return runtime;
    }

    @PostMapping(value = "/streaming/pipeline/{pipelineId}", params = "action")
    public ApiResponse operate(@RequestParam String orgId, @PathVariable String pipelineId,
                               @RequestParam String action,
                               @RequestBody(required = false) Map<String, Object> body) {
        access.requireWrite(orgId);
        StreamingService s = service();
        StreamJob job = switch (action) {
            case "save", "update" -> s.update(orgId, pipelineId, text(body, "pipelineName"), config(body));
            case "release" -> s.release(orgId, pipelineId);
            case "start" -> {
                Object mode = body == null ? null : body.get("executionMode");
                if (mode != null && !"0".equals(String.valueOf(mode))) {
                    throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG,
                            "executionMode: only 0 (standalone, the embedded engine) is available");
                }
                yield s.start(orgId, pipelineId);
            }
            case "pause" -> s.pause(orgId, pipelineId);
            case "stop" -> s.stop(orgId, pipelineId);
            case "delete" -> {
                s.delete(orgId, pipelineId);
                yield null;
            }
            default -> throw OpenEnosException.badArgument("action: '" + action
                    + "' is not one of save, update, release, start, pause, stop, delete");
        };
        return ApiResponse.ok(job == null ? null : summary(job));
    }

    @RequestMapping(value = "/streaming/pipeline/{pipelineId}/offset-lag", method = {RequestMethod.GET,
            RequestMethod.POST})
    public ApiResponse offsetLag(@RequestParam String orgId, @PathVariable String pipelineId) {
        access.requireRead(orgId);
        var result = new ArrayList<Map<String, Object>>();
        service().offsetLag(orgId, pipelineId).forEach((partition, lag) -> result.add(Map.of(
                "pipelineId", pipelineId, "topicName", "telemetry-log-" + partition,
                "lagAndOffset", Map.of("lag", lag.lag(), "offset", lag.offset(), "ts", System.currentTimeMillis()))));
        return ApiResponse.ok(result);
    }

    @PostMapping("/streaming/pipeline/{pipelineId}/offset")
    public ApiResponse resetOffset(@RequestParam String orgId, @PathVariable String pipelineId) {
        access.requireWrite(orgId);
        service().resetOffsets(orgId, pipelineId);
        return ApiResponse.ok(null);
    }

    @PostMapping(value = "/stage-state", params = "action")
    public ApiResponse stageState(@RequestParam String orgId, @RequestParam String action,
                                  @RequestBody(required = false) StageStateBody body) {
        access.requireRead(orgId);
        if (body == null || body.pipelineId() == null) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, "pipelineId is required");
        }
        switch (action) {
            case "get" -> {
                var records = new ArrayList<Map<String, Object>>();
                var page = service().stageState(orgId, body.pipelineId(), body.stageInstanceName(),
                        idSet(body.assetIds()), idSet(body.pointIds()),
                        body.offset() == null ? 0 : body.offset(), body.limit() == null ? 1_000 : body.limit());
                for (var v : page.values()) {
                    var r = new LinkedHashMap<String, Object>();
                    r.put("modelId", v.modelId());
                    r.put("modelIdPath", "/" + v.modelId());
                    r.put("assetId", v.assetId());
                    r.put("pointId", v.pointId());
                    r.put("time", v.time());
                    r.put("value", v.value());
                    r.put("quality", 0);
                    r.put("dq", 0L);
                    // what the value is (a window's start, a day's end...) and the checkpoint it was read from
                    var attr = new LinkedHashMap<String, Object>(v.attr());
                    attr.put("checkpointId", page.checkpointId());
                    attr.put("checkpointTime", page.checkpointTime());
                    r.put("attr", attr);
                    records.add(r);
                }
                return ApiResponse.ok(records);
            }
            case "delete" -> {
                access.requireWrite(orgId);
                service().deleteStageState(orgId, body.pipelineId(), body.stageInstanceName());
                return ApiResponse.ok(null);
            }
            default -> throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER,
                    "action must be get or delete");
        }
    }

    /** EnOS passes ids as one comma-separated string; none means all. */
    private static Set<String> idSet(String ids) {
        var set = new LinkedHashSet<String>();
        if (ids != null) {
            for (String id : ids.split(",")) {
                if (!id.isBlank()) {
                    set.add(id.trim());
                }
            }
        }
        return set;
    }

    private static Map<String, Object> summary(StreamJob job) {
        var m = new LinkedHashMap<String, Object>();
        m.put("pipelineId", job.pipelineId());
        m.put("orgId", job.orgId());
        m.put("pipelineName", job.name());
        m.put("templateType", job.templateType().name());
        m.put("status", job.status().name());
        m.put("statusMessage", job.statusMessage());
        m.put("version", job.version());
        m.put("releasedVersion", job.releasedVersion());
        m.put("createTime", job.createTime().toEpochMilli());
        m.put("updateTime", job.updateTime().toEpochMilli());
        return m;
    }

    private static String text(Map<String, Object> body, String field) {
        Object v = body == null ? null : body.get(field);
        return v == null ? null : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> body) {
        Object v = body == null ? null : body.get("config");
        if (v != null && !(v instanceof Map)) {
            throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG, "config: must be an object");
        }
        return (Map<String, Object>) v;
    }
}
