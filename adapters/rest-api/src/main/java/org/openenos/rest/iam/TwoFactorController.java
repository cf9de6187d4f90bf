package org.openenos.rest.iam;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.IdentityService;
import org.openenos.identity.TotpService;
import org.openenos.model.identity.User;
import org.openenos.rest.ApiAccess;
import org.openenos.rest.ApiResponse;
import org.openenos.rest.auth.ClientAddress;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The TOTP second factor of local accounts (ADR 0034), beside the user actions of {@link IamController}. Enrolling
 * proves the password in the body, not a session: a user whose organization requires TOTP cannot sign in before
 * enrolling, and a stolen session alone cannot bind an attacker's authenticator.
 */
@RestController
@RequestMapping("/iam-service/v2.1")
public class TwoFactorController {
    public record EnrolRequest(String username, String password, String code) {
    }

    public record CodeRequest(String code) {
    }

    public record RequireRequest(Boolean required) {
    }

    private final IdentityService identity;
    private final TotpService totp;
    private final ApiAccess access;
    private final ClientAddress clientAddress;

    public TwoFactorController(IdentityService identity, TotpService totp, ApiAccess access,
                               ClientAddress clientAddress) {
        this.identity = identity;
        this.totp = totp;
        this.access = access;
        this.clientAddress = clientAddress;
    }

    /** Issues a new secret (base32 and {@code otpauth://} URI); active only once confirmed with a code. */
    @PostMapping(path = "/users", params = "action=enrolTotp")
    public ApiResponse enrolTotp(@RequestBody EnrolRequest body, HttpServletRequest request) {
        User user = identity.checkPassword(body.username(), body.password(), clientAddress.of(request));
        TotpService.Enrolment e = totp.enrol(user);
        return ApiResponse.ok(Map.of("secret", e.secret(), "otpauthUri", e.otpauthUri()));
    }

    /** Confirms the enrolment with a first code; the answer carries the 10 recovery codes, shown this once. */
    @PostMapping(path = "/users", params = "action=confirmTotp")
    public ApiResponse confirmTotp(@RequestBody EnrolRequest body, HttpServletRequest request) {
        String address = clientAddress.of(request);
        User user = identity.checkPassword(body.username(), body.password(), address);
        return ApiResponse.ok(Map.of("enabled", true, "recoveryCodes", totp.confirm(user, body.code(), address)));
    }

    /** The signed-in user turns TOTP off with a current code or a recovery code. */
    @PostMapping(path = "/users", params = "action=disableTotp")
    public ApiResponse disableTotp(@RequestBody CodeRequest body, HttpServletRequest request) {
        totp.disable(self(), body.code(), clientAddress.of(request));
        return ApiResponse.ok(null);
    }

    /** The signed-in user's TOTP state: enabled, awaiting confirmation, recovery codes left, required. */
    @RequestMapping(path = "/users", params = "action=getTotp", method = {RequestMethod.GET, RequestMethod.POST})
    public ApiResponse getTotp() {
        TotpService.Status s = totp.status(self());
        return ApiResponse.ok(Map.of("enabled", s.enabled(), "pending", s.pending(),
                "recoveryCodesLeft", s.recoveryCodesLeft(), "requiredByOrganization", s.requiredByOrganization()));
    }

    /** An organization administrator removes a user's TOTP (a lost phone). */
    @PostMapping(path = "/users", params = "action=resetTotp")
    public ApiResponse resetTotp(@RequestParam String orgId, @RequestParam String userId) {
        access.requireAdmin(orgId);
        User user = identity.user(userId);
        if (!orgId.equals(user.orgId())) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "user " + userId);
        }
        totp.reset(access.caller().principal(), user);
        return ApiResponse.ok(null);
    }

    /** An organization administrator requires TOTP of the organization's local accounts, or stops requiring it. */
    @PostMapping(path = "/organizations", params = "action=requireTotp")
    public ApiResponse requireTotp(@RequestParam String orgId, @RequestBody RequireRequest body) {
        access.requireAdmin(orgId);
        if (body.required() == null) {
            throw OpenEnosException.badArgument("required: true or false is required");
        }
        totp.require(access.caller().principal(), orgId, body.required());
        return ApiResponse.ok(Map.of("orgId", orgId, "totpRequired", body.required()));
    }

    private User self() {
        var caller = access.caller();
        if (caller.kind() != org.openenos.rest.Caller.Kind.USER) {
            throw new OpenEnosException(ErrorCode.FORBIDDEN, "two-factor sign-in is for users, not applications");
        }
        return identity.user(caller.id());
    }
}
