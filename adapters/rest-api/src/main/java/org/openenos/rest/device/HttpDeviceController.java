package org.openenos.rest.device;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openenos.connectivity.http.HttpDeviceAccess;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.protocol.DeviceReply;
import org.openenos.protocol.MessageCodec;
import org.openenos.protocol.MessageFormatException;
import org.openenos.protocol.ResponseCodes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP device access (reference §4): {@code POST /auth/{pk}/{dk}} and {@code POST /topic/sys/{pk}/{dk}/…?sessionId=}.
 * Devices authenticate with their own sign and session, so these paths stay outside the API authentication
 * (which guards {@code *-service/} paths only). Answers use the device protocol's codes in the body, not the API
 * envelope. Multipart file upload ({@code /multipart/…}) is in {@link HttpDeviceFileController}.
 */
@RestController
public class HttpDeviceController {
    public record LoginBody(String signMethod, Object lifetime, String sign, Map<String, Object> clientInfo) {
    }

    private static final long REPLY_WAIT_SECONDS = 30;
    private final HttpDeviceAccess access;
    private final MessageCodec codec = new MessageCodec();

    public HttpDeviceController(HttpDeviceAccess access) {
        this.access = access;
    }

    @PostMapping(path = "/auth/{productKey}/{deviceKey}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> login(@PathVariable String productKey, @PathVariable String deviceKey,
                                                     @RequestBody(required = false) LoginBody body,
                                                     HttpServletRequest request) {
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            LoginBody b = body == null ? new LoginBody(null, null, null, null) : body;
            Object lifetime = b.lifetime() == null ? null : b.lifetime();
            String sessionId = access.login(productKey, deviceKey, b.signMethod(), lifetime, b.sign(),
                    request.getRemoteAddr() + ":" + request.getRemotePort());
            answer.put("code", ResponseCodes.SUCCESS);
            answer.put("message", "");
            answer.put("data", Map.of("sessionId", sessionId));
        } catch (OpenEnosException e) {
            answer.put("code", e.code().enosCode());
            answer.put("message", e.getMessage());
        }
        return ResponseEntity.ok(answer);
    }

    @PostMapping(path = "/topic/sys/**")
    public ResponseEntity<byte[]> publish(@RequestParam(required = false) String sessionId,
                                          @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        String topic = request.getRequestURI().substring(request.getContextPath().length() + "/topic".length());
        DeviceReply reply;
        try {
            reply = access.publish(sessionId, topic, body == null ? new byte[0] : body)
                    .get(REPLY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (OpenEnosException e) {
            reply = DeviceReply.error(null, e.code().enosCode(), e.getMessage());
        } catch (MessageFormatException e) {
            reply = DeviceReply.error(null, e.code(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = DeviceReply.error(null, ResponseCodes.SERVER_ERROR, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            reply = DeviceReply.error(null, ResponseCodes.SERVER_ERROR, "internal error, retry later");
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(reply.code() == ErrorCode.HTTP_SESSION_INVALID
                .enosCode() ? 401 : 200).contentType(MediaType.APPLICATION_JSON);
        if (sessionId != null) {
            access.nextCommand(sessionId).ifPresent(command -> response.header("topic", command.topic())
                    .header("command-payload", new String(command.payload(), StandardCharsets.UTF_8)));
        }
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store").body(codec.encode(reply));
    }
}
