package org.openenos.rest.device;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openenos.connectivity.DeviceRef;
import org.openenos.connectivity.files.DeviceFile;
import org.openenos.connectivity.files.DeviceFileService;
import org.openenos.connectivity.http.HttpDeviceAccess;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.MessageFormatException;
import org.openenos.protocol.ResponseCodes;
import org.openenos.protocol.TopicCatalogue;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP device files (reference §4 "Files"): {@code POST /multipart{topic}?sessionId=} with a part {@code enos-message}
 * (the request JSON, whose file-type values are {@code local://<name>}) and one part per file; each file is stored
 * and its {@code local://} reference replaced by the stored file's URI before the request takes the ordinary path.
 * {@code /multipart/sys/{pk}/{dk}/file/download} and {@code …/file/delete} take {@code fileUri} and reach only the
 * device's own files. Answers use the device protocol's codes, as on {@code /topic}.
 */
@RestController
public class HttpDeviceFileController {
    private static final String LOCAL = "local://";
    private static final long REPLY_WAIT_SECONDS = 30;
    private final HttpDeviceAccess access;
    private final DeviceFileService files;
    private final JsonMapper json = JsonMapper.builder().build();

    public HttpDeviceFileController(HttpDeviceAccess access, DeviceFileService files) {
        this.access = access;
        this.files = files;
    }

    @RequestMapping(path = "/multipart/sys/{productKey}/{deviceKey}/file/download", method = {RequestMethod.GET,
            RequestMethod.POST})
    public void download(@PathVariable String productKey, @PathVariable String deviceKey,
                         @RequestParam(required = false) String sessionId, @RequestParam String fileUri,
                         HttpServletResponse response) throws IOException {
        DeviceFile file;
        try {
            file = files.ofDevice(own(sessionId, productKey, deviceKey), fileUri);
        } catch (OpenEnosException e) {
            response.setStatus(e.code() == ErrorCode.HTTP_SESSION_INVALID ? 401 : 404);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(json.writeValueAsBytes(DeviceReply.error(null, deviceCode(e),
                    e.getMessage())));
            return;
        }
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setContentLengthLong(file.size());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file.fileId() + "\"");
        try (InputStream in = files.open(file)) {
            in.transferTo(response.getOutputStream());
        }
    }

    @RequestMapping(path = "/multipart/sys/{productKey}/{deviceKey}/file/delete", method = {RequestMethod.POST,
            RequestMethod.DELETE})
    public ResponseEntity<DeviceReply> delete(@PathVariable String productKey, @PathVariable String deviceKey,
                                              @RequestParam(required = false) String sessionId,
                                              @RequestParam String fileUri) {
        try {
            files.delete(files.ofDevice(own(sessionId, productKey, deviceKey), fileUri));
            return ResponseEntity.ok(DeviceReply.ok(null, Map.of()));
        } catch (OpenEnosException e) {
            return ResponseEntity.status(e.code() == ErrorCode.HTTP_SESSION_INVALID ? 401 : 200)
                    .body(DeviceReply.error(null, deviceCode(e), e.getMessage()));
        }
    }

    @RequestMapping(path = "/multipart/sys/**", method = RequestMethod.POST, consumes = "multipart/form-data")
    public ResponseEntity<DeviceReply> publish(@RequestParam(required = false) String sessionId,
                                               MultipartHttpServletRequest request) {
        String topic = request.getRequestURI().substring(request.getContextPath().length() + "/multipart".length());
        try {
            var route = TopicCatalogue.parse(topic).orElseThrow(() ->
                    new OpenEnosException(ErrorCode.DEVICE_TOPIC_NOT_WRITABLE, "unknown topic " + topic));
            DeviceRef device = own(sessionId, route.productKey(), route.deviceKey());
            String message = request.getParameter("enos-message");
            MultipartFile messagePart = request.getFile("enos-message");
            if (message == null && messagePart != null) {
                message = new String(messagePart.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            if (message == null) {
                throw new OpenEnosException(ErrorCode.DEVICE_PAYLOAD_FORMAT, "part enos-message is required");
            }
            Map<String, String> stored = store(device, request);
            byte[] rewritten = json.writeValueAsBytes(replaceLocal(json.readValue(message, Object.class), stored));
            DeviceReply reply = access.publish(sessionId, topic, rewritten).get(REPLY_WAIT_SECONDS, TimeUnit.SECONDS);
            return ResponseEntity.ok(reply);
        } catch (OpenEnosException e) {
            return ResponseEntity.status(e.code() == ErrorCode.HTTP_SESSION_INVALID ? 401 : 200)
                    .body(DeviceReply.error(null, deviceCode(e), e.getMessage()));
        } catch (MessageFormatException e) {
            return ResponseEntity.ok(DeviceReply.error(null, e.code(), e.getMessage()));
        } catch (JacksonException e) {
            return ResponseEntity.ok(DeviceReply.error(null, ErrorCode.DEVICE_PAYLOAD_FORMAT.enosCode(),
                    "enos-message is not JSON"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ResponseEntity.ok(DeviceReply.error(null, ResponseCodes.SERVER_ERROR, "interrupted"));
        } catch (IOException | ExecutionException | TimeoutException e) {
            return ResponseEntity.ok(DeviceReply.error(null, ResponseCodes.SERVER_ERROR, "internal error, retry later"));
        }
    }

    /** Stores every file part; the map takes both the part's name and its file name to the stored URI. */
    private Map<String, String> store(DeviceRef device, MultipartHttpServletRequest request) throws IOException {
        Map<String, String> stored = new HashMap<>();
        for (Map.Entry<String, List<MultipartFile>> part : request.getMultiFileMap().entrySet()) {
            if (part.getKey().equals("enos-message")) {
                continue;
            }
            for (MultipartFile file : part.getValue()) {
                String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                        ? part.getKey() : file.getOriginalFilename();
                if (file.getSize() > files.maxSize()) {
                    throw new OpenEnosException(ErrorCode.DEVICE_MESSAGE_TOO_LARGE, "file " + name
                            + " is larger than " + files.maxSize() + " bytes");
                }
                DeviceFile saved;
                try (InputStream in = file.getInputStream()) {
                    saved = files.upload(device, name, in);
                }
                stored.put(part.getKey(), saved.fileUri());
                stored.put(name, saved.fileUri());
            }
        }
        return stored;
    }

    private static Object replaceLocal(Object value, Map<String, String> stored) {
        return switch (value) {
            case String s when s.startsWith(LOCAL) -> {
                String uri = stored.get(s.substring(LOCAL.length()));
                if (uri == null) {
                    throw new OpenEnosException(ErrorCode.DEVICE_MEASUREPOINT_FORMAT, "no file part for " + s);
                }
                yield uri;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, replaceLocal(v, stored)));
                yield copy;
            }
            case List<?> list -> list.stream().map(v -> replaceLocal(v, stored)).toList();
            case null, default -> value;
        };
    }

    /** The session's device, which must be the one the path names: a device reaches only its own files. */
    private DeviceRef own(String sessionId, String productKey, String deviceKey) {
        DeviceRef device = access.device(sessionId);
        if (!device.is(productKey, deviceKey)) {
            throw new OpenEnosException(ErrorCode.DEVICE_TOPIC_NOT_WRITABLE, "not this session's device");
        }
        return device;
    }

    private static int deviceCode(OpenEnosException e) {
        return e.code() == ErrorCode.NOT_FOUND ? ErrorCode.DEVICE_NOT_FOUND_ON_TOPIC.enosCode() : e.code().enosCode();
    }
}
