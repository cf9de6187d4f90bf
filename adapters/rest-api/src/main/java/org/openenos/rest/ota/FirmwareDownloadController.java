package org.openenos.rest.ota;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openenos.model.Device;
import org.openenos.ota.DownloadLinks;
import org.openenos.ota.Firmware;
import org.openenos.ota.FirmwareRepository;
import org.openenos.ota.FirmwareService;
import org.openenos.registry.DeviceDirectory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The device's firmware download ({@code fileUrl} of {@code ota.device.upgrade}): authenticated by the URL's own
 * signature (ADR 0090), so a device needs no other credential; {@code Range: bytes=a-} or {@code a-b} resumes a
 * broken download (206). The firmware must belong to the device's organization and product.
 */
@RestController
public class FirmwareDownloadController {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final DownloadLinks links;
    private final FirmwareRepository firmware;
    private final FirmwareService files;
    private final DeviceDirectory directory;

    public FirmwareDownloadController(DownloadLinks links, FirmwareRepository firmware,
                                      FirmwareService files, DeviceDirectory directory) {
        this.links = links;
        this.firmware = firmware;
        this.files = files;
        this.directory = directory;
    }

    @GetMapping(DownloadLinks.PATH + "{firmwareId}")
    public void download(@PathVariable String firmwareId, @RequestParam String productKey,
                         @RequestParam String deviceKey, @RequestParam long expires, @RequestParam String signature,
                         HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!links.verify(firmwareId, productKey, deviceKey, expires, signature)) {
            response.sendError(403, "the download link is not valid or has expired");
            return;
        }
        Optional<Device> device = directory.device(productKey, deviceKey);
        Optional<Firmware> file = device.flatMap(d -> firmware.find(d.orgId(), firmwareId))
                .filter(f -> f.productKey().equals(productKey));
        if (file.isEmpty()) {
            response.sendError(404, "no such firmware for this device");
            return;
        }
        Firmware f = file.get();
        long size = f.fileSize();
        long from = 0;
        long to = size - 1;
        String range = request.getHeader("Range");
        response.setHeader("Accept-Ranges", "bytes");
        response.setContentType("application/octet-stream");
        if (range != null) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches() || Long.parseLong(m.group(1)) >= size) {
                response.setHeader("Content-Range", "bytes */" + size);
                response.sendError(416, "range not satisfiable");
                return;
            }
            from = Long.parseLong(m.group(1));
            to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            if (to < from) {
                response.setHeader("Content-Range", "bytes */" + size);
                response.sendError(416, "range not satisfiable");
                return;
            }
            response.setStatus(206);
            response.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
        }
        response.setContentLengthLong(to - from + 1);
        try (InputStream in = files.open(f, from)) {
            copy(in, response, to - from + 1);
        }
    }

    private static void copy(InputStream in, HttpServletResponse response, long length) throws IOException {
        var out = response.getOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
