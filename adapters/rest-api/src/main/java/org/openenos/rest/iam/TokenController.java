package org.openenos.rest.iam;

import java.util.Map;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.ApplicationService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /apim-token-service/v2.0/token/get} exactly as documented: reply {@code {status, msg, business, data:
 * {accessToken, expire}}}; errors carry the token service's own codes (1001–1004) in {@code status}.
 */
@RestController
public class TokenController {
    public record TokenRequest(String appKey, String encryption, Object timestamp) {
    }

    private final ApplicationService applications;

    public TokenController(ApplicationService applications) {
        this.applications = applications;
    }

    @PostMapping("/apim-token-service/v2.0/token/get")
    public ResponseEntity<Map<String, Object>> get(@RequestBody TokenRequest body) {
        try {
            var token = applications.issueToken(body.appKey(), body.encryption(),
                    body.timestamp() == null ? null : new java.math.BigDecimal(body.timestamp().toString())
                            .toPlainString());
            return ResponseEntity.ok(Map.of("status", 0, "msg", "Success", "business", "apim-token-service",
                    "data", Map.of("accessToken", token.accessToken(), "expire", token.expireSeconds())));
        } catch (OpenEnosException e) {
            return ResponseEntity.status(400).body(Map.of("status", e.code().enosCode(), "msg", e.getMessage(),
                    "business", "apim-token-service"));
        } catch (NumberFormatException e) {
            return ResponseEntity.status(400).body(Map.of("status", 1004, "msg", "timestamp must be a number",
                    "business", "apim-token-service"));
        }
    }
}
