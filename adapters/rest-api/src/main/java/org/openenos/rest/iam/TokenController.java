package org.openenos.rest.iam;

import java.util.Map;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.ApplicationService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /apim-token-service/v2.0/token/get} and {@code …/token/refresh} exactly as documented: reply {@code {status, msg, business, data:
 * {accessToken, expire}}}; errors carry the token service's own codes (1001–1004) in {@code status}.
 */
@RestController
public class TokenController {
    public record TokenRequest(String appKey, String encryption, Object timestamp, String accessToken) {
    }

    private final ApplicationService applications;

    public TokenController(ApplicationService applications) {
        this.applications = applications;
    }

    @PostMapping("/apim-token-service/v2.0/token/get")
    public ResponseEntity<Map<String, Object>> get(@RequestBody TokenRequest body) {
        return answer(() -> applications.issueToken(body.appKey(), body.encryption(), timestamp(body)));
    }

    /**
     * {@code POST /apim-token-service/v2.0/token/refresh} {@code {appKey, encryption, timestamp, accessToken}}: a new
     * token for one that has not expired yet, so that a long-running application never signs in again. The old
     * token stops working.
     */
    @PostMapping("/apim-token-service/v2.0/token/refresh")
    public ResponseEntity<Map<String, Object>> refresh(@RequestBody TokenRequest body) {
        return answer(() -> applications.refreshToken(body.appKey(), body.encryption(), timestamp(body),
                body.accessToken()));
    }

    private static String timestamp(TokenRequest body) {
        return body.timestamp() == null ? null
                : new java.math.BigDecimal(body.timestamp().toString()).toPlainString();
    }

    private static ResponseEntity<Map<String, Object>> answer(
            java.util.function.Supplier<ApplicationService.IssuedAccessToken> issue) {
        try {
            var token = issue.get();
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
