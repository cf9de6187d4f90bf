package org.openenos.rest.ota;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.ota.Firmware;
import org.openenos.ota.FirmwareRepository;
import org.openenos.ota.FirmwareService;
import org.openenos.ota.FirmwareUpload;
import org.openenos.ota.OtaDevices;
import org.openenos.ota.OtaJobService;
import org.openenos.ota.OtaTask;
import org.openenos.error.OpenEnosException;
import org.openenos.registry.Page;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.registry.PageRequestBody;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /connect-service/v2.1/ota-firmwares} (reference enos-ota §3): {@code create} as a multipart upload (part
 * {@code metadata}, JSON, and part {@code file}), {@code get}, {@code search}, {@code delete}, {@code listVersion};
 * and {@code download} of the file for operators.
 */
@RestController
@RequestMapping("/connect-service/v2.1/ota-firmwares")
public class FirmwareController {
    public record SearchBody(String expression, String productKey, String version, PageRequestBody pagination) {
    }

    public record DeviceUpgradeBody(String expression, String productKey, String deviceKey, String firmwareVersion,
                                    Boolean isUpgrading, PageRequestBody pagination) {
    }

    private final FirmwareService firmware;
    private final OtaDevices devices;
    private final OtaJobService jobs;
    private final ApiAccess access;

    public FirmwareController(FirmwareService firmware, OtaDevices devices, OtaJobService jobs, ApiAccess access) {
        this.firmware = firmware;
        this.devices = devices;
        this.jobs = jobs;
        this.access = access;
    }

    @RequestMapping(params = "action=create", method = RequestMethod.POST, consumes = "multipart/form-data")
    public ApiResponse create(@RequestParam String orgId, @RequestParam(required = false) String productKey,
                              @RequestPart("metadata") String metadata, @RequestPart("file") MultipartFile file)
            throws IOException {
        access.requireWrite(orgId);
        Map<String, Object> meta = OtaBody.jsonObject(metadata, "metadata");
        String product = productKey != null && !productKey.isBlank() ? productKey : OtaBody.text(meta.get("productKey"));
        FirmwareUpload upload = new FirmwareUpload(orgId, product, OtaBody.text(meta.get("name")),
                OtaBody.version(meta.get("version"), "version"), OtaBody.text(meta.get("signMethod")),
                OtaBody.text(meta.get("sign")), OtaBody.version(meta.get("minVersion"), "minVersion"), OtaBody.text(meta.get("desc")),
                OtaBody.stringMap(meta.get("firmwareTags"), "firmwareTags"), verification(meta));
        try (InputStream in = file.getInputStream()) {
            Firmware f = firmware.upload(upload, in);
            return ApiResponse.ok(Map.of("firmwareId", f.firmwareId()));
        }
    }

    @RequestMapping(params = "action=get", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse get(@RequestParam String orgId, @RequestParam String firmwareId) {
        access.requireRead(orgId);
        return ApiResponse.ok(view(firmware.get(orgId, firmwareId)));
    }

    @RequestMapping(params = "action=search", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse search(@RequestParam String orgId, @RequestBody(required = false) SearchBody body) {
        access.requireRead(orgId);
        SearchBody b = body == null ? new SearchBody(null, null, null, null) : body;
        Map<String, String> where = OtaBody.equalities(b.expression(), java.util.Set.of("productKey", "version"));
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        FirmwareRepository.Query query = new FirmwareRepository.Query(orgId,
                b.productKey() != null ? b.productKey() : where.get("productKey"),
                b.version() != null ? b.version() : where.get("version"), page.offset(), page.pageSize());
        List<Map<String, Object>> items = firmware.search(query).stream().map(FirmwareController::view).toList();
        return ApiResponse.page(items, new ApiResponse.Pagination(page.pageNo(), page.pageSize(),
                firmware.count(query), "createTime DESC"));
    }

    @RequestMapping(params = "action=delete", method = {RequestMethod.POST, RequestMethod.DELETE})
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String firmwareId) {
        access.requireWrite(orgId);
        firmware.delete(orgId, firmwareId);
        return ApiResponse.ok(null);
    }

    /** How many devices of the product report each firmware version. */
    @RequestMapping(params = "action=listVersion", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse listVersion(@RequestParam String orgId, @RequestParam String productKey) {
        access.requireRead(orgId);
        return ApiResponse.ok(devices.versionCounts(orgId, productKey).entrySet().stream()
                .map(e -> Map.of("version", e.getKey(), "deviceCount", e.getValue())).toList());
    }

    /** Each device of a product with the firmware version it reported and whether an OTA job is upgrading it. */
    @RequestMapping(params = "action=searchDeviceUpgrade", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse searchDeviceUpgrade(@RequestParam String orgId,
                                           @RequestBody(required = false) DeviceUpgradeBody body) {
        access.requireRead(orgId);
        DeviceUpgradeBody b = body == null ? new DeviceUpgradeBody(null, null, null, null, null, null) : body;
        Map<String, String> where = OtaBody.equalities(b.expression(),
                java.util.Set.of("productKey", "firmwareVersion", "deviceKey", "isUpgrading"));
        String productKey = b.productKey() != null ? b.productKey() : where.get("productKey");
        if (productKey == null || productKey.isBlank()) {
            throw OpenEnosException.badArgument("productKey is required");
        }
        String version = b.firmwareVersion() != null ? b.firmwareVersion() : where.get("firmwareVersion");
        String deviceKey = b.deviceKey() != null ? b.deviceKey() : where.get("deviceKey");
        Boolean upgrading = b.isUpgrading() != null ? b.isUpgrading()
                : where.containsKey("isUpgrading") ? Boolean.valueOf(where.get("isUpgrading")) : null;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OtaDevices.OtaDevice d : devices.ofProduct(orgId, productKey)) {
            if (version != null && !version.equals(d.version())
                    || deviceKey != null && !deviceKey.equals(d.deviceKey())) {
                continue;
            }
            Optional<OtaTask> task = jobs.activeTaskOf(d.assetId());
            if (upgrading != null && upgrading != task.isPresent()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("assetId", d.assetId());
            m.put("productKey", d.productKey());
            m.put("deviceKey", d.deviceKey());
            m.put("firmwareVersion", d.version());
            m.put("isUpgrading", task.isPresent());
            m.put("jobId", task.map(OtaTask::jobId).orElse(null));
            m.put("toVersion", task.map(OtaTask::toVersion).orElse(null));
            m.put("taskStatus", task.map(t -> t.status().enos()).orElse(null));
            m.put("progress", task.map(OtaTask::progress).orElse(null));
            rows.add(m);
        }
        Page.Request page = PageRequestBody.of(b.pagination(), 10);
        Page<Map<String, Object>> result = Page.of(rows, page);
        return ApiResponse.page(result.items(), new ApiResponse.Pagination(page.pageNo(), page.pageSize(),
                result.totalSize(), "deviceKey"));
    }

    @RequestMapping(params = "action=download", method = RequestMethod.GET)
    public void download(@RequestParam String orgId, @RequestParam String firmwareId, HttpServletResponse response)
            throws IOException {
        access.requireRead(orgId);
        Firmware f = firmware.get(orgId, firmwareId);
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(f.fileSize());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + f.firmwareId() + ".bin\"");
        try (InputStream in = firmware.open(f, 0)) {
            in.transferTo(response.getOutputStream());
        }
    }

    static Map<String, Object> view(Firmware f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orgId", f.orgId());
        m.put("firmwareId", f.firmwareId());
        m.put("productKey", f.productKey());
        m.put("name", Map.of("defaultValue", f.name(), "i18nValue", Map.of()));
        m.put("version", f.version());
        m.put("signMethod", f.signMethod());
        m.put("sign", f.sign());
        m.put("md5", f.md5());
        m.put("sha256", f.sha256());
        m.put("fileSize", f.fileSize());
        m.put("minVersion", f.minVersion());
        m.put("desc", f.desc());
        m.put("enableVerification", f.verification().enabled());
        m.put("isVerified", f.verification().verified());
        if (f.verification().enabled()) {
            m.put("maxAllowedForVerification", f.verification().maxAllowed());
            m.put("minSuccessForVerified", f.verification().minSuccess());
        }
        m.put("firmwareTags", f.tags());
        m.put("createTime", f.createTime().toEpochMilli());
        return m;
    }

    /**
     * enos-ota §3: with {@code enableVerification} the firmware must pass a verify job; {@code maxAllowedForVerification}
     * (default 10) bounds its devices and {@code minSuccessForVerified} (default 1) is the successes it needs.
     */
    private static Firmware.Verification verification(Map<String, Object> meta) {
        if (!OtaBody.bool(meta.get("enableVerification"))) {
            return Firmware.Verification.NONE;
        }
        int max = OtaBody.integer(meta.get("maxAllowedForVerification"), "maxAllowedForVerification", 10);
        int min = OtaBody.integer(meta.get("minSuccessForVerified"), "minSuccessForVerified", 1);
        try {
            return new Firmware.Verification(true, max, min, false);
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument(e.getMessage());
        }
    }
}
