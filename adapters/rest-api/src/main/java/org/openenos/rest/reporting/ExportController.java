package org.openenos.rest.reporting;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ExportRun;
import org.openenos.reporting.ExportService;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Scheduled exports and reports in the style of {@code /batch-processing-service/v2.1} (reference enos-processing
 * §2.3): {@code exports?action=save|get|list|delete|run} and {@code exportRuns?action=list|get|download}. A
 * schedule is a workflow with an export task; {@code run} runs one now (or as of {@code runTime}, epoch ms).
 */
@RestController
@RequestMapping("/batch-processing-service/v2.1")
public class ExportController {
    private final ExportService exports;
    private final ApiAccess access;

    public ExportController(ExportService exports, ApiAccess access) {
        this.exports = exports;
        this.access = access;
    }

    @RequestMapping(path = "/exports", params = "action=save", method = RequestMethod.POST)
    public ApiResponse save(@RequestParam String orgId, @RequestBody ExportBody body) {
        access.requireWrite(orgId);
        return ApiResponse.ok(ExportBody.view(exports.save(orgId, body.toDefinition(orgId))));
    }

    @RequestMapping(path = "/exports", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String definitionId) {
        access.requireRead(orgId);
        return ApiResponse.ok(ExportBody.view(exports.get(orgId, definitionId)));
    }

    @RequestMapping(path = "/exports", params = "action=list", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse list(@RequestParam String orgId) {
        access.requireRead(orgId);
        return ApiResponse.ok(exports.list(orgId).stream().map(ExportBody::view).toList());
    }

    @RequestMapping(path = "/exports", params = "action=delete", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String definitionId) {
        access.requireWrite(orgId);
        exports.delete(orgId, definitionId);
        return ApiResponse.ok(null);
    }

    @RequestMapping(path = "/exports", params = "action=run", method = RequestMethod.POST)
    public ApiResponse run(@RequestParam String orgId, @RequestParam String definitionId,
                           @RequestParam(required = false) Long runTime) {
        access.requireWrite(orgId);
        return ApiResponse.ok(view(exports.run(orgId, definitionId,
                runTime == null ? null : Instant.ofEpochMilli(runTime))));
    }

    @RequestMapping(path = "/exportRuns", params = "action=list", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse runs(@RequestParam String orgId, @RequestParam(required = false) String definitionId) {
        access.requireRead(orgId);
        return ApiResponse.ok(exports.runs(orgId, definitionId).stream().map(ExportController::view).toList());
    }

    @RequestMapping(path = "/exportRuns", params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse runOf(@RequestParam String orgId, @RequestParam String runId) {
        access.requireRead(orgId);
        return ApiResponse.ok(view(exports.runOf(orgId, runId)));
    }

    /** Streams one file of a run; an unknown run or file, or one of another organization, is a 99404 envelope. */
    @RequestMapping(path = "/exportRuns", params = "action=download",
            method = {RequestMethod.GET, RequestMethod.POST})
    public void download(@RequestParam String orgId, @RequestParam String runId, @RequestParam String fileName,
                         HttpServletResponse response) throws IOException {
        access.requireRead(orgId);
        Path file = exports.file(orgId, runId, fileName);
        ExportFormat format = ExportFormat.ofFileName(fileName);
        response.setContentType(format == null ? "application/octet-stream" : format.contentType());
        response.setContentLengthLong(Files.size(file));
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName.replace("\"", "") + "\"");
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(response.getOutputStream());
        }
    }

    static Map<String, Object> view(ExportRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", r.runId());
        m.put("definitionId", r.definitionId());
        m.put("definitionName", r.definitionName());
        m.put("status", r.status().name());
        m.put("runTime", r.runTime().toEpochMilli());
        m.put("startTime", r.from().toEpochMilli());
        m.put("endTime", r.to().toEpochMilli());
        m.put("timeZone", r.timeZone());
        m.put("error", r.error());
        m.put("deliveryError", r.deliveryError());
        List<Map<String, Object>> files = r.files().stream().map(f -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("fileName", f.name());
            fm.put("contentType", f.contentType());
            fm.put("size", f.size());
            return fm;
        }).toList();
        m.put("files", files);
        m.put("createTime", r.createTime().toEpochMilli());
        m.put("expireTime", r.expiresAt().toEpochMilli());
        return m;
    }
}
