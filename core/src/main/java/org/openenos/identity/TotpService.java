package org.openenos.identity;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.identity.User;
import org.openenos.security.Base32;
import org.openenos.security.Hashing;
import org.openenos.security.SecretCipher;

/**
 * The optional TOTP second factor of local accounts (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps, one step of clock
 * drift either way). A secret is stored encrypted with the server's {@link SecretCipher}; it becomes active only
 * once confirmed with a first code. Each code signs in once (the last used step is kept), each of the 10 recovery
 * codes too (kept as SHA-256 hashes: they are random, not chosen). Wrong codes count in the sign-in throttle like
 * wrong passwords. An organization may require TOTP: its users without it are refused sign-in until they enrol.
 */
public final class TotpService implements SecondFactor {
    public static final int RECOVERY_CODES = 10;
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    /** What an authenticator app needs: the secret in base32 and as an {@code otpauth://} URI (QR code). */
    public record Enrolment(String secret, String otpauthUri) {
    }

    public record Status(boolean enabled, boolean pending, int recoveryCodesLeft, boolean requiredByOrganization) {
    }

    private final TotpStore store;
    private final SecretCipher cipher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;
    private final String issuer;
    private final TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator(STEP);
    private final SecureRandom random = new SecureRandom();
    private final LongAdder failures = new LongAdder();

    public TotpService(TotpStore store, SecretCipher cipher, LoginThrottle throttle, AuditLog audit, Clock clock,
                       String issuer) {
        this.store = store;
        this.cipher = cipher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
        this.issuer = issuer;
    }

    @Override
    public void verify(User user, String code, String address) {
        Optional<TotpStore.Enrolment> enrolment = store.find(user.userId()).filter(TotpStore.Enrolment::active);
        if (enrolment.isEmpty()) {
            if (user.orgId() != null && store.required(user.orgId())) {
                throw new OpenEnosException(ErrorCode.SECOND_FACTOR_ENROLMENT_REQUIRED, "your organization requires "
                        + "two-factor sign-in: enrol an authenticator app (users?action=enrolTotp) and sign in again");
            }
            return;
        }
        if (code == null || code.isBlank()) {
            throw new OpenEnosException(ErrorCode.SECOND_FACTOR_REQUIRED,
                    "two-factor sign-in: send the code of your authenticator app (or a recovery code) as 'code'");
        }
        if (!accept(enrolment.get(), code)) {
            throttle.failed(user.username(), address);
            failures.increment();
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "wrong or already used two-factor code");
        }
    }

    /** Starts an enrolment (or restarts one not yet confirmed) with a new secret. */
    public Enrolment enrol(User user) {
        if (store.find(user.userId()).filter(TotpStore.Enrolment::active).isPresent()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "two-factor sign-in is already enabled; disable it first");
        }
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        store.savePending(user.userId(), cipher.encrypt(Base64.getEncoder().encodeToString(secret)), clock.instant());
        audit(user.username(), user.orgId(), "user.totp.enrol", user.userId(), "secret issued, awaiting a code");
        String base32 = Base32.encode(secret);
        String label = enc(issuer) + ":" + enc(user.username());
        return new Enrolment(base32, "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + enc(issuer)
                + "&algorithm=SHA1&digits=6&period=30");
    }

    /** Activates the pending secret with a first code; answers the recovery codes, shown this once only. */
    public List<String> confirm(User user, String code, String address) {
        TotpStore.Enrolment pending = store.find(user.userId()).filter(e -> !e.active()).orElseThrow(() ->
                new OpenEnosException(ErrorCode.CONFLICT, "no enrolment awaits confirmation; enrol first"));
        requireCode(user, pending, code, address, false);
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            codes.add(recoveryCode());
        }
        if (!store.activate(user.userId(), codes.stream().map(TotpService::hashRecovery).toList(), clock.instant())) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "no enrolment awaits confirmation; enrol first");
        }
        audit(user.username(), user.orgId(), "user.totp.confirm", user.userId(), "two-factor sign-in enabled");
        return codes;
    }

    /** The user turns TOTP off with a current code or a recovery code. */
    public void disable(User user, String code, String address) {
        TotpStore.Enrolment active = store.find(user.userId()).filter(TotpStore.Enrolment::active).orElseThrow(() ->
                new OpenEnosException(ErrorCode.CONFLICT, "two-factor sign-in is not enabled"));
        requireCode(user, active, code, address, true);
        store.delete(user.userId());
        audit(user.username(), user.orgId(), "user.totp.disable", user.userId(), "by the user");
    }

    /** An administrator removes a user's TOTP (a lost phone); the user enrols again when needed. */
    public void reset(Principal admin, User user) {
        if (!store.delete(user.userId())) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "user " + user.username() + " has no two-factor sign-in");
        }
        audit(admin.name(), user.orgId(), "user.totp.disable", user.userId(), "by an administrator");
    }

    public void require(Principal admin, String orgId, boolean required) {
        store.setRequired(orgId, required, clock.instant());
        audit(admin.name(), orgId, "organization.totp.require", orgId, "required=" + required);
    }

    public Status status(User user) {
        Optional<TotpStore.Enrolment> e = store.find(user.userId());
        boolean enabled = e.map(TotpStore.Enrolment::active).orElse(false);
        return new Status(enabled, e.isPresent() && !enabled, enabled ? store.recoveryCodesLeft(user.userId()) : 0,
                user.orgId() != null && store.required(user.orgId()));
    }

    public boolean required(String orgId) {
        return store.required(orgId);
    }

    /** Wrong codes at sign-in, for the metric. */
    public long failures() {
        return failures.sum();
    }

    private void requireCode(User user, TotpStore.Enrolment enrolment, String code, String address,
                             boolean recoveryAllowed) {
        String source = "totp:" + user.userId() + ":" + address;
        Optional<Duration> wait = throttle.retryAfter(user.username(), source);
        if (wait.isPresent()) {
            throw new OpenEnosException(ErrorCode.TOO_MANY_REQUESTS, "too many wrong codes; try again in "
                    + Math.max(1, wait.get().toSeconds()) + " s");
        }
        String given = code == null ? "" : code.strip();
        boolean ok = !given.isEmpty() && (SIX_DIGITS.matcher(given).matches() ? acceptTotp(enrolment, given)
                : recoveryAllowed && store.useRecoveryCode(user.userId(), hashRecovery(given)));
        if (!ok) {
            throttle.failed(user.username(), source);
            throw new OpenEnosException(ErrorCode.BAD_ARGUMENT, "code: wrong or already used two-factor code");
        }
        throttle.succeeded(user.username(), source);
    }

    private boolean accept(TotpStore.Enrolment enrolment, String code) {
        String trimmed = code.strip();
        return SIX_DIGITS.matcher(trimmed).matches() ? acceptTotp(enrolment, trimmed)
                : store.useRecoveryCode(enrolment.userId(), hashRecovery(trimmed));
    }

    private boolean acceptTotp(TotpStore.Enrolment enrolment, String code) {
        var key = new SecretKeySpec(Base64.getDecoder().decode(cipher.decrypt(enrolment.encryptedSecret())),
                totp.getAlgorithm());
        long now = clock.instant().getEpochSecond() / STEP.toSeconds();
        for (long step = now - 1; step <= now + 1; step++) {
            String expected = codeAt(key, step);
            if (Hashing.hexEquals(expected, code)) {
                return store.useStep(enrolment.userId(), step);
            }
        }
        return false;
    }

    private String codeAt(SecretKeySpec key, long step) {
        try {
            return totp.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.toSeconds()));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException("a stored TOTP secret is not a valid key", e);
        }
    }

    private String recoveryCode() {
        StringBuilder sb = new StringBuilder(11);
        for (int i = 0; i < 10; i++) {
            if (i == 5) {
                sb.append('-');
            }
            sb.append(RECOVERY_ALPHABET.charAt(random.nextInt(RECOVERY_ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Recovery codes are compared without case, spaces or the dash. */
    static String hashRecovery(String code) {
        return Hashing.sha256Hex(code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void audit(String actor, String orgId, String action, String target, String detail) {
        audit.record(new AuditLog.Entry(clock.instant(), actor, orgId, action, target, detail));
    }
}
