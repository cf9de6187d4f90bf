package org.openenos.rest.streaming;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.streaming.DryRun;
import org.openenos.streaming.StreamJob;
import org.openenos.streaming.StreamJobVersion;
import org.openenos.streaming.StreamingService;
import org.openenos.streaming.TemplateType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /streaming/v2.0}, beside {@link StreamingController}: dry runs ({@code action=dryRun} on the pipelines
 * collection with a definition in the body, or on one pipeline with its draft), versions
 * ({@code …/pipeline/{id}?action=versions|version&version=N}, GET or POST), export ({@code …?action=export}) and import
 * ({@code POST …/pipelines?action=import}).
 */
@RestController
@RequestMapping("/streaming/v2.0")
public class StreamingOpsController {
    private final ObjectProvider<StreamingService> streaming;
    private final ObjectProvider<DryRun> dryRuns;
    private final ApiAccess access;

    public StreamingOpsController(ObjectProvider<StreamingService> streaming, ObjectProvider<DryRun> dryRuns,
                                  ApiAccess access) {
        this.streaming = streaming;
        this.dryRuns = dryRuns;
        this.access = access;
    }

    private StreamingService service() {
        StreamingService s = streaming.getIfAvailable();
        if (s == null) {
            throw new OpenEnosException(ErrorCode.UNAVAILABLE, "stream processing is not enabled on this server");
        }
        return s;
    }

    private DryRun dryRun() {
        DryRun d = dryRuns.getIfAvailable();
        if (d == null) {
            throw new OpenEnosException(ErrorCode.UNAVAILABLE, "dry runs are not available on this server");
        }
        return d;
    }

    /** Body: {@code templateType}, {@code config}, {@code assetIds}, {@code startTime}, {@code endTime}. */
    @PostMapping(value = "/streaming/pipelines", params = "action=dryRun")
    public ApiResponse dryRunDefinition(@RequestParam String orgId,
                                        @RequestBody(required = false) Map<String, Object> body) {
        access.requireRead(orgId);
        Map<String, Object> b = body == null ? Map.of() : body;
        TemplateType type = TemplateType.parse(text(b.get("templateType")));
        return ApiResponse.ok(result(dryRun().run(orgId, type, config(b.get("config"), true), request(b))));
    }

    /** Runs the job's draft (or {@code config} of the body, when given) without saving anything. */
    @PostMapping(value = "/streaming/pipeline/{pipelineId}", params = "action=dryRun")
    public ApiResponse dryRunJob(@RequestParam String orgId, @PathVariable String pipelineId,
                                 @RequestBody(required = false) Map<String, Object> body) {
        access.requireRead(orgId);
        Map<String, Object> b = body == null ? Map.of() : body;
        StreamJob job = service().get(orgId, pipelineId);
        Map<String, Object> config = b.get("config") == null ? job.config() : config(b.get("config"), true);
        return ApiResponse.ok(result(dryRun().run(orgId, job.templateType(), config, request(b))));
    }

    @RequestMapping(value = "/streaming/pipeline/{pipelineId}", params = "action=versions",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse versions(@RequestParam String orgId, @PathVariable String pipelineId) {
        access.requireRead(orgId);
        var list = service().versions(orgId, pipelineId).stream().map(v -> version(v, false)).toList();
        return ApiResponse.ok(Map.of("count", list.size(), "versions", list));
    }

    @RequestMapping(value = "/streaming/pipeline/{pipelineId}", params = "action=version",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse version(@RequestParam String orgId, @PathVariable String pipelineId,
                               @RequestParam int version) {
        access.requireRead(orgId);
        return ApiResponse.ok(version(service().version(orgId, pipelineId, version), true));
    }

    @RequestMapping(value = "/streaming/pipeline/{pipelineId}", params = "action=export",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse export(@RequestParam String orgId, @PathVariable String pipelineId) {
        access.requireRead(orgId);
        return ApiResponse.ok(service().export(orgId, pipelineId));
    }

    /** Body: an exported document, optionally with a new {@code pipelineName}. */
    @PostMapping(value = "/streaming/pipelines", params = "action=import")
    public ApiResponse importJob(@RequestParam String orgId,
                                 @RequestBody(required = false) Map<String, Object> body) {
        access.requireWrite(orgId);
        StreamJob job = service().importJob(orgId, body, null);
        return ApiResponse.ok(Map.of("pipelineId", job.pipelineId()));
    }

    private static Map<String, Object> version(StreamJobVersion v, boolean withConfig) {
        var m = new LinkedHashMap<String, Object>();
        m.put("pipelineId", v.pipelineId());
        m.put("version", v.version());
        m.put("pipelineName", v.name());
        m.put("templateType", v.templateType().name());
        m.put("releaseTime", v.releaseTime().toEpochMilli());
        if (withConfig) {
            m.put("config", v.config());
        }
        return m;
    }

    private static DryRun.Request request(Map<String, Object> b) {
        Object assets = b.get("assetIds");
        List<String> assetIds = new ArrayList<>();
        if (assets instanceof List<?> list) {
            list.forEach(a -> assetIds.add(String.valueOf(a)));
        } else if (assets instanceof String s && !s.isBlank()) {
            for (String a : s.split(",")) {
                assetIds.add(a.trim());
            }
        }
        return new DryRun.Request(assetIds, time(b, "startTime"), time(b, "endTime"));
    }

    /** Epoch milliseconds or an ISO-8601 instant. */
    private static long time(Map<String, Object> b, String field) {
        Object v = b.get(field);
        if (v == null) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, field + " is required");
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        String text = String.valueOf(v).trim();
        try {
            return text.chars().allMatch(Character::isDigit) ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG,
                    field + ": '" + text + "' is neither epoch milliseconds nor an ISO-8601 instant");
        }
    }

    private static Map<String, Object> result(DryRun.Result r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("startTime", r.startTime());
        m.put("endTime", r.endTime());
        m.put("inputs", r.inputs().stream().map(StreamingOpsController::series).toList());
        m.put("outputs", r.outputs().stream().map(StreamingOpsController::series).toList());
        m.put("notes", r.notes());
        return m;
    }

    private static Map<String, Object> series(DryRun.Series s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("assetId", s.assetId());
        m.put("modelId", s.modelId());
        m.put("pointId", s.pointId());
        m.put("values", s.values().stream().map(v -> List.of(v.time(), v.value())).toList());
        return m;
    }

    private static String text(Object v) {
        return v == null ? null : String.valueOf(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Object v, boolean required) {
        if (v == null && required) {
            throw new OpenEnosException(ErrorCode.STREAM_MISSING_PARAMETER, "config is required");
        }
        if (v != null && !(v instanceof Map)) {
            throw new OpenEnosException(ErrorCode.STREAM_INVALID_CONFIG, "config: must be an object");
        }
        return (Map<String, Object>) v;
    }
}
