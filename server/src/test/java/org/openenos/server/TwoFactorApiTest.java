package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.openenos.security.Base32;

/** The TOTP second factor of local accounts, against a running server; codes are computed here with java-otp. */
class TwoFactorApiTest extends ServerTestBase {
    private static final String USERS = "/iam-service/v2.1/users";
    private static final String PASSWORD = "Second-Factor-Pass-1";
    private static final TimeBasedOneTimePasswordGenerator TOTP =
            new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30));

    private record Enrolled(String username, String secret, long confirmedStep, List<String> recoveryCodes) {
    }

    @Test
    void anEnrolledUserSignsInOnlyWithAFreshCodeAndEachCodeWorksOnce() {
        Tenant t = newTenant();
        String user = newUser(t, "OPERATOR");
        ApiClient anon = ApiClient.anonymous(base());

        var wrongPassword = anon.post(USERS, Map.of("action", "enrolTotp"),
                Map.of("username", user, "password", "not-the-password"));
        assertThat(wrongPassword.status()).isEqualTo(401);

        var enrol = anon.post(USERS, Map.of("action", "enrolTotp"), Map.of("username", user, "password", PASSWORD));
        assertThat(enrol.ok()).as(enrol.toString()).isTrue();
        String secret = enrol.data().path("secret").asString();
        assertThat(enrol.data().path("otpauthUri").asString())
                .startsWith("otpauth://totp/OpenEnOS:" + user + "?secret=" + secret);
        // not active before a first code confirms it
        assertThat(login(user, null).ok()).isTrue();

        long step = currentStep();
        var wrongCode = confirm(user, wrongCode(secret, step));
        assertThat(wrongCode.status()).isEqualTo(400);
        var confirmed = confirm(user, code(secret, step));
        assertThat(confirmed.ok()).as(confirmed.toString()).isTrue();
        List<String> recovery = new ArrayList<>();
        confirmed.data().path("recoveryCodes").forEach(c -> recovery.add(c.asString()));
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();

        var noCode = login(user, null);
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(noCode.code()).isEqualTo(99411);
        assertThat(noCode.body().path("msg").asString()).contains("two-factor");
        var replayed = login(user, code(secret, step));
        assertThat(replayed.code()).as("the code that confirmed the enrolment is used").isEqualTo(99401);
        String fresh = freshCode(secret, step);
        var next = login(user, fresh);
        assertThat(next.ok()).as("a later step's code").isTrue();
        assertThat(login(user, fresh).code()).as("replayed").isEqualTo(99401);
        assertThat(login(user, code(secret, step)).code()).as("older than the last used").isEqualTo(99401);

        var withRecovery = login(user, recovery.get(3).toUpperCase());
        assertThat(withRecovery.ok()).as(withRecovery.toString()).isTrue();
        assertThat(login(user, recovery.get(3)).code()).as("a recovery code works once").isEqualTo(99401);

        ApiClient signedIn = ApiClient.bearer(base(), withRecovery.data().path("accessToken").asString());
        var status = signedIn.post(USERS, Map.of("action", "getTotp"), null);
        assertThat(status.data().path("enabled").asBoolean()).isTrue();
        assertThat(status.data().path("recoveryCodesLeft").asInt()).isEqualTo(9);
        assertThat(auditActions(t)).contains("user.totp.enrol", "user.totp.confirm");
        assertThat(anon.post(USERS, Map.of("action", "enrolTotp"), Map.of("username", user, "password", PASSWORD))
                .status()).as("enrolling again needs disabling first").isEqualTo(409);
    }

    @Test
    void wrongCodesAreThrottledLikeWrongPasswords() {
        Tenant t = newTenant();
        Enrolled e = enrolled(t);
        String wrong = wrongCode(e.secret(), currentStep());
        int refused = 0;
        for (int i = 0; i < 8 && refused == 0; i++) {
            var r = login(e.username(), wrong);
            if (r.status() == 429) {
                refused = i;
            } else {
                assertThat(r.code()).isEqualTo(99401);
            }
        }
        assertThat(refused).as("throttled after the free failures").isBetween(5, 7);
        assertThat(login(e.username(), e.recoveryCodes().getFirst()).status())
                .as("a right code waits too").isEqualTo(429);
    }

    @Test
    void disablingNeedsACurrentCodeAndAnAdministratorResetsALostAuthenticator() {
        Tenant t = newTenant();
        Enrolled e = enrolled(t);
        var signedIn = login(e.username(), e.recoveryCodes().getFirst());
        ApiClient self = ApiClient.bearer(base(), signedIn.data().path("accessToken").asString());
        long step = e.confirmedStep();

        var wrong = self.post(USERS, Map.of("action", "disableTotp"),
                Map.of("code", wrongCode(e.secret(), currentStep())));
        assertThat(wrong.status()).isEqualTo(400);
        var disabled = self.post(USERS, Map.of("action", "disableTotp"),
                Map.of("code", freshCode(e.secret(), step)));
        assertThat(disabled.ok()).as(disabled.toString()).isTrue();
        assertThat(login(e.username(), null).ok()).isTrue();

        Enrolled again = enrol(e.username());
        assertThat(login(again.username(), null).code()).isEqualTo(99411);
        String userId = self.post(USERS, Map.of("action", "me"), null).data().path("id").asString();
        var byOperator = self.post(USERS, Map.of("action", "resetTotp", "orgId", t.orgId(), "userId", userId), null);
        assertThat(byOperator.status()).isEqualTo(403);
        var reset = t.orgAdmin().post(USERS, Map.of("action", "resetTotp", "orgId", t.orgId(), "userId", userId),
                null);
        assertThat(reset.ok()).as(reset.toString()).isTrue();
        assertThat(login(e.username(), null).ok()).isTrue();
        assertThat(auditDetails(t, "user.totp.disable")).contains("by the user", "by an administrator");
    }

    @Test
    void anOrganizationRequiringTotpRefusesSignInUntilTheUserEnrols() {
        Tenant t = newTenant();
        Tenant other = newTenant();
        String user = newUser(t, "VIEWER");
        String bystander = newUser(other, "VIEWER");
        var fromOtherOrg = other.orgAdmin().post("/iam-service/v2.1/organizations",
                Map.of("action", "requireTotp", "orgId", t.orgId()), Map.of("required", true));
        assertThat(fromOtherOrg.status()).isEqualTo(403);

        var required = t.orgAdmin().post("/iam-service/v2.1/organizations",
                Map.of("action", "requireTotp", "orgId", t.orgId()), Map.of("required", true));
        assertThat(required.ok()).as(required.toString()).isTrue();
        var refused = login(user, null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo(99412);
        assertThat(refused.body().path("msg").asString()).contains("requires two-factor");
        assertThat(login(bystander, null).ok()).as("another organization is not affected").isTrue();

        Enrolled e = enrol(user);
        var signedIn = login(user, freshCode(e.secret(), e.confirmedStep()));
        assertThat(signedIn.ok()).as(signedIn.toString()).isTrue();
        var status = ApiClient.bearer(base(), signedIn.data().path("accessToken").asString())
                .post(USERS, Map.of("action", "getTotp"), null);
        assertThat(status.data().path("requiredByOrganization").asBoolean()).isTrue();
        assertThat(auditDetails(t, "organization.totp.require")).contains("required=true");
    }

    private String newUser(Tenant t, String role) {
        String name = "tf-" + UUID.randomUUID().toString().substring(0, 8);
        var r = t.orgAdmin().post(USERS, Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", name, "password", PASSWORD, "role", role));
        assertThat(r.ok()).as(r.toString()).isTrue();
        return name;
    }

    private Enrolled enrolled(Tenant t) {
        return enrol(newUser(t, "OPERATOR"));
    }

    private Enrolled enrol(String user) {
        var enrol = ApiClient.anonymous(base()).post(USERS, Map.of("action", "enrolTotp"),
                Map.of("username", user, "password", PASSWORD));
        assertThat(enrol.ok()).as(enrol.toString()).isTrue();
        String secret = enrol.data().path("secret").asString();
        long step = currentStep();
        var confirmed = confirm(user, code(secret, step));
        assertThat(confirmed.ok()).as(confirmed.toString()).isTrue();
        List<String> recovery = new ArrayList<>();
        confirmed.data().path("recoveryCodes").forEach(c -> recovery.add(c.asString()));
        return new Enrolled(user, secret, step, recovery);
    }

    private ApiClient.Response confirm(String user, String code) {
        return ApiClient.anonymous(base()).post(USERS, Map.of("action", "confirmTotp"),
                Map.of("username", user, "password", PASSWORD, "code", code));
    }

    private ApiClient.Response login(String user, String code) {
        Map<String, Object> body = new HashMap<>(Map.of("username", user, "password", PASSWORD));
        if (code != null) {
            body.put("code", code);
        }
        return ApiClient.anonymous(base()).post(USERS, Map.of("action", "login"), body);
    }

    private List<String> auditActions(Tenant t) {
        List<String> actions = new ArrayList<>();
        t.orgAdmin().post("/iam-service/v2.1/audit-logs", Map.of("action", "search", "orgId", t.orgId()), null)
                .data().forEach(e -> actions.add(e.path("action").asString()));
        return actions;
    }

    private List<String> auditDetails(Tenant t, String action) {
        List<String> details = new ArrayList<>();
        t.orgAdmin().post("/iam-service/v2.1/audit-logs", Map.of("action", "search", "orgId", t.orgId(),
                "auditAction", action), null).data().forEach(e -> details.add(e.path("detail").asString()));
        return details;
    }

    private static long currentStep() {
        return Instant.now().getEpochSecond() / 30;
    }

    private static String code(String base32Secret, long step) {
        try {
            return TOTP.generateOneTimePasswordString(new SecretKeySpec(Base32.decode(base32Secret),
                    TOTP.getAlgorithm()), Instant.ofEpochSecond(step * 30));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code of the current step, or of the next one when the current one was used: accepted either way. */
    private static String freshCode(String secret, long lastUsedStep) {
        return code(secret, Math.max(currentStep(), lastUsedStep + 1));
    }

    /** A six-digit code that is not the code of any step the server accepts around {@code step}. */
    private static String wrongCode(String secret, long step) {
        Set<String> accepted = Set.of(code(secret, step - 1), code(secret, step), code(secret, step + 1),
                code(secret, step + 2));
        int n = Integer.parseInt(code(secret, step));
        String candidate;
        do {
            n = (n + 1) % 1_000_000;
            candidate = "%06d".formatted(n);
        } while (accepted.contains(candidate));
        return candidate;
    }
}
