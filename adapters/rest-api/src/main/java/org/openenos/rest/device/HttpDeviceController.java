package org.openenos.rest.device;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openenos.connectivity.http.HttpDeviceAccess;
import org.openenos.connectivity.raw.RawPayloads;
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
 * envelope. Raw topics of custom-format products ({@code thing/model/up_raw}, {@code down_raw_reply}) take binary
 * bodies ({@code application/octet-stream}) and answer with the raw reply the product's script encodes; a frame the
 * script cannot read is answered 1220 in JSON. Multipart file upload ({@code /multipart/…}) is in
 * {@link HttpDeviceFileController}.
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

    /**
     * A command rides on the response in the headers {@code topic} and {@code command-payload} (reference §4). A
     * binary {@code down_raw} frame cannot be a header value, so it goes base64-encoded, marked by
     * {@code command-payload-encoding: base64} (EnOS does not document raw commands over HTTP).
     */
    private static void commandHeaders(ResponseEntity.BodyBuilder response, HttpDeviceAccess.Command command) {
        response.header("topic", command.topic());
        if (command.topic().endsWith("/thing/model/down_raw")) {
            response.header("command-payload", Base64.getEncoder().encodeToString(command.payload()))
                    .header("command-payload-encoding", "base64");
        } else {
            response.header("command-payload", new String(command.payload(), StandardCharsets.UTF_8));
        }
    }

    @PostMapping(path = "/topic/sys/**")
    public ResponseEntity<byte[]> publish(@RequestParam(required = false) String sessionId,
                                          @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        String topic = request.getRequestURI().substring(request.getContextPath().length() + "/topic".length());
        byte[] payload = body == null ? new byte[0] : body;
        byte[] rawFrame = null;
        DeviceReply reply;
        try {
            if (HttpDeviceAccess.isRawTopic(topic)) {
                RawPayloads.Uplinked outcome = access.publishRaw(sessionId, topic, payload)
                        .get(REPLY_WAIT_SECONDS, TimeUnit.SECONDS);
                rawFrame = outcome.frame();
                reply = outcome.reply() != null ? outcome.reply() : DeviceReply.error(null,
                        ResponseCodes.PAYLOAD_FORMAT_ERROR, "the product's parsing script could not read the frame");
            } else {
                reply = access.publish(sessionId, topic, payload).get(REPLY_WAIT_SECONDS, TimeUnit.SECONDS);
            }
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
        // an up_raw post is answered like up_raw_reply over MQTT: the reply as the script encodes it
        ResponseEntity.BodyBuilder response = ResponseEntity.status(reply.code() == ErrorCode.HTTP_SESSION_INVALID
                .enosCode() ? 401 : 200).contentType(rawFrame != null ? MediaType.APPLICATION_OCTET_STREAM
                : MediaType.APPLICATION_JSON);
        if (sessionId != null) {
            access.nextCommand(sessionId).ifPresent(command -> commandHeaders(response, command));
        }
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(rawFrame != null ? rawFrame : codec.encode(reply));
    }
}
