package org.openenos.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.identity.Application;
import org.openenos.model.identity.Role;
import org.openenos.security.Hashing;
import org.openenos.security.Ids;

/**
 * Applications and the documented EnOS token scheme (reference §6.1.1): an app exchanges appKey + sha256(appKey +
 * timestamp + appSecret) for an access token, then signs every call with sha256(token + params + body + timestamp
 * + appSecret). Timestamps outside the allowed skew and re-sent signatures are refused, so a captured request
 * cannot be replayed.
 */
public final class ApplicationService {
    public record IssuedAccessToken(String accessToken, long expireSeconds) {
    }

    private final ApplicationStore applications;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration tokenLifetime;
    private final Duration maxSkew;
    private final Map<String, Application> cache = new ConcurrentHashMap<>();
    private final Map<String, Instant> seenSignatures = new ConcurrentHashMap<>();

    public ApplicationService(ApplicationStore applications, TokenStore tokens, AuditLog audit, Clock clock,
                              Duration tokenLifetime, Duration maxSkew) {
        this.applications = applications;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
        this.maxSkew = maxSkew;
    }

    public Application create(Principal actor, String orgId, String name, String description, Role role) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw OpenEnosException.badArgument("name: is required, at most 100 characters");
        }
        Role r = role == null ? Role.OPERATOR : role;
        if (r == Role.SUPER_ADMIN) {
            throw OpenEnosException.badArgument("role: one of ORG_ADMIN, OPERATOR, VIEWER");
        }
        Application app = new Application(orgId, Ids.uuidLike(), Ids.uuidLike(), name, description, r,
                clock.instant());
        applications.insert(app);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "application.create", app.appKey(),
                name));
        return app;
    }

    public Application get(String appKey) {
        return cache.computeIfAbsent(appKey, k -> applications.find(k).orElseThrow(
                () -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "application " + appKey)));
    }

    public List<Application> list(String orgId) {
        return applications.listByOrg(orgId);
    }

    public Application rotateSecret(Principal actor, String appKey) {
        Application old = get(appKey);
        Application rotated = new Application(old.orgId(), appKey, Ids.uuidLike(), old.name(), old.description(),
                old.role(), old.createTime());
        applications.update(rotated);
        cache.remove(appKey);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), old.orgId(), "application.rotateSecret",
                appKey, ""));
        return rotated;
    }

    public void delete(Principal actor, String appKey) {
        Application app = get(appKey);
        applications.delete(appKey);
        cache.remove(appKey);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), app.orgId(), "application.delete", appKey,
                app.name()));
    }

    /** {@code /apim-token-service/v2.0/token/get}. */
    public IssuedAccessToken issueToken(String appKey, String encryption, String timestamp) {
        proveSecret(appKey, encryption, timestamp);
        return newToken(appKey);
    }

    /**
     * {@code /apim-token-service/v2.0/token/refresh}: the same proof of the secret as {@code get}, plus the token to
     * refresh, which must be this application's and not yet expired. The old token stops working at once; the new
     * one has a full lifetime.
     */
    public IssuedAccessToken refreshToken(String appKey, String encryption, String timestamp, String accessToken) {
        if (accessToken == null || accessToken.isBlank()) {
            throw new OpenEnosException(ErrorCode.TOKEN_BAD_PARAMETER, "accessToken is required");
        }
        proveSecret(appKey, encryption, timestamp);
        String hash = Hashing.sha256Hex(accessToken);
        TokenStore.IssuedToken old = tokens.find(hash)
                .filter(t -> t.subject() == TokenStore.Subject.APPLICATION && t.subjectId().equals(appKey))
                .orElseThrow(() -> new OpenEnosException(ErrorCode.TOKEN_BAD_PARAMETER,
                        "accessToken is not a token of this application"));
        if (!old.expiresAt().isAfter(clock.instant())) {
            throw new OpenEnosException(ErrorCode.TOKEN_EXPIRED, "access token expired; get a new one");
        }
        tokens.delete(hash);
        return newToken(appKey);
    }

    private void proveSecret(String appKey, String encryption, String timestamp) {
        if (appKey == null || encryption == null || timestamp == null) {
            throw new OpenEnosException(ErrorCode.TOKEN_BAD_PARAMETER, "appKey, encryption and timestamp are required");
        }
        Application app = applications.find(appKey).orElseThrow(
                () -> new OpenEnosException(ErrorCode.TOKEN_UNKNOWN_APP, "unknown appKey"));
        checkSkew(timestamp, ErrorCode.TOKEN_BAD_PARAMETER);
        String expected = Hashing.sha256Hex(appKey + timestamp + app.appSecret());
        if (!Hashing.hexEquals(expected, encryption)) {
            throw new OpenEnosException(ErrorCode.TOKEN_BAD_ENCRYPTION, "encryption does not match");
        }
        if (!tokens.rememberEncryption(encryption.toLowerCase(), clock.instant().plus(maxSkew.multipliedBy(2)))) {
            throw new OpenEnosException(ErrorCode.TOKEN_DUPLICATED, "this encryption was used before");
        }
    }

    private IssuedAccessToken newToken(String appKey) {
        String token = Ids.token();
        tokens.save(new TokenStore.IssuedToken(Hashing.sha256Hex(token), TokenStore.Subject.APPLICATION, appKey,
                clock.instant().plus(tokenLifetime)));
        return new IssuedAccessToken(token, tokenLifetime.toSeconds());
    }

    /**
     * Verifies one signed API call. {@code paramsData} is the query parameters sorted by name as {@code k1v1k2v2…}
     * followed by the raw body.
     */
    public Principal authenticate(String accessToken, String timestamp, String signature, String paramsData) {
        TokenStore.IssuedToken issued = tokens.find(Hashing.sha256Hex(accessToken))
                .filter(t -> t.subject() == TokenStore.Subject.APPLICATION)
                .orElseThrow(() -> new OpenEnosException(ErrorCode.UNAUTHENTICATED, "unknown access token"));
        if (!issued.expiresAt().isAfter(clock.instant())) {
            throw new OpenEnosException(ErrorCode.TOKEN_EXPIRED, "access token expired; get a new one");
        }
        checkSkew(timestamp, ErrorCode.UNAUTHENTICATED);
        Application app;
        try {
            app = get(issued.subjectId());
        } catch (OpenEnosException e) {
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "the application of this token was deleted");
        }
        String expected = Hashing.sha256Hex(accessToken + paramsData + timestamp + app.appSecret());
        if (!Hashing.hexEquals(expected, signature)) {
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "apim-signature does not match the request");
        }
        Instant now = clock.instant();
        if (seenSignatures.putIfAbsent(signature.toLowerCase(), now.plus(maxSkew.multipliedBy(2))) != null) {
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "this signed request was already used (replay)");
        }
        if (seenSignatures.size() > 10_000) {
            seenSignatures.values().removeIf(until -> until.isBefore(now));
        }
        return new Principal(Principal.Kind.APPLICATION, app.appKey(), app.name(), app.orgId(), app.role());
    }

    private void checkSkew(String timestamp, ErrorCode code) {
        long ts;
        try {
            ts = (long) Double.parseDouble(timestamp);
        } catch (NumberFormatException e) {
            throw new OpenEnosException(code, "timestamp must be milliseconds since the epoch");
        }
        long skew = Math.abs(clock.millis() - ts);
        if (skew > maxSkew.toMillis()) {
            throw new OpenEnosException(code, "timestamp is " + skew / 1000 + " s away from server time; at most "
                    + maxSkew.toSeconds() + " s allowed");
        }
    }
}
