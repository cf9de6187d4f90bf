package org.openenos.rest.connect;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.files.DeviceFile;
import org.openenos.connectivity.files.DeviceFileService;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.DeviceLocator;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /connect-service/v2.1/files} (reference §6.2 "files: ?action=download|delete"): an application downloads or
 * deletes a device file by its {@code fileUri} (as file-type measure points carry it), and uploads one for a device
 * ({@code action=upload}, multipart part {@code file}, device by {@code assetId} or {@code productKey}+{@code
 * deviceKey}). Files of another organization are "not found".
 */
@RestController
@RequestMapping("/connect-service/v2.1/files")
public class DeviceFileController {
    private final DeviceFileService files;
    private final DeviceLocator locator;
    private final ApiAccess access;

    public DeviceFileController(DeviceFileService files, DeviceLocator locator, ApiAccess access) {
        this.files = files;
        this.locator = locator;
        this.access = access;
    }

    @RequestMapping(params = "action=upload", method = RequestMethod.POST, consumes = "multipart/form-data")
    public ApiResponse upload(@RequestParam String orgId, @RequestParam(required = false) String assetId,
                              @RequestParam(required = false) String productKey,
                              @RequestParam(required = false) String deviceKey,
                              @RequestPart("file") MultipartFile file) throws IOException {
        access.requireWrite(orgId);
        Device device = locator.find(orgId, assetId, productKey, deviceKey);
        if (file.getSize() > files.maxSize()) {
            throw OpenEnosException.badArgument("file larger than the limit of " + files.maxSize() + " bytes");
        }
        String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "file"
                : file.getOriginalFilename();
        try (InputStream in = file.getInputStream()) {
            return ApiResponse.ok(view(files.upload(DeviceRef.of(device), name, in)));
        }
    }

    @RequestMapping(params = "action=download", method = {RequestMethod.GET, RequestMethod.POST})
    public void download(@RequestParam String orgId, @RequestParam String fileUri, HttpServletResponse response)
            throws IOException {
        access.requireRead(orgId);
        DeviceFile file = files.ofOrganization(orgId, fileUri);
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(file.size());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file.fileId() + "\"");
        try (InputStream in = files.open(file)) {
            in.transferTo(response.getOutputStream());
        }
    }

    @RequestMapping(params = "action=delete", method = {RequestMethod.POST, RequestMethod.DELETE})
    public ApiResponse delete(@RequestParam String orgId, @RequestParam String fileUri) {
        access.requireWrite(orgId);
        files.delete(files.ofOrganization(orgId, fileUri));
        return ApiResponse.ok(null);
    }

    static Map<String, Object> view(DeviceFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fileUri", f.fileUri());
        m.put("fileName", f.fileName());
        m.put("assetId", f.assetId());
        m.put("fileSize", f.size());
        m.put("md5", f.md5());
        m.put("createTime", f.createTime().toEpochMilli());
        return m;
    }
}
