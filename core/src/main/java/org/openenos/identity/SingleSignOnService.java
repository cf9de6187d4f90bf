package org.openenos.identity;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Role;
import org.openenos.model.identity.RoleAssignment;
import org.openenos.model.identity.User;
import org.openenos.security.Hashing;
import org.openenos.security.Ids;
import org.openenos.security.SecretCipher;

/**
 * Single sign-on through OpenID Connect (ADR 0035): an organization's providers, the authorization code flow with
 * PKCE, users provisioned at their first sign-in and their role assignments set from the provider's groups at every
 * sign-in, and the organization's choice to turn local passwords off. The server issues its own bearer token after
 * the callback, as a password sign-in does, so nothing downstream knows how the user signed in.
 */
public final class SingleSignOnService {
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    private static final Pattern NOT_IN_USERNAME = Pattern.compile("[^A-Za-z0-9_.@-]");
    private static final int MAX_MAPPINGS = 100;

    /** What an administrator sets; a null client secret on update keeps the stored one. */
    public record ProviderSettings(String name, String issuer, String clientId, String clientSecret,
                                   List<String> scopes, String groupClaim, List<SsoProvider.GroupMapping> mappings,
                                   Boolean enabled) {
    }

    /** Where to send the browser, and the value the browser must bring back (kept in a cookie). */
    public record StartedSignIn(URI authorizationUri, String browserBinding) {
    }

    public record SignedIn(String accessToken, Instant expiresAt, User user, String providerId) {
    }

    private final SsoStore store;
    private final OidcClient oidc;
    private final OrganizationStore organizations;
    private final UserStore users;
    private final TokenStore tokens;
    private final RoleService roles;
    private final ScopeNodes nodes;
    private final SecretCipher cipher;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration tokenLifetime;

    public SingleSignOnService(SsoStore store, OidcClient oidc, OrganizationStore organizations, UserStore users,
                               TokenStore tokens, RoleService roles, ScopeNodes nodes, SecretCipher cipher,
                               PasswordHasher hasher, AuditLog audit, Clock clock, Duration tokenLifetime) {
        this.store = store;
        this.oidc = oidc;
        this.organizations = organizations;
        this.users = users;
        this.tokens = tokens;
        this.roles = roles;
        this.nodes = nodes;
        this.cipher = cipher;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
    }

    // ---- configuration (organization administrators) ----

    public SsoProvider create(Principal actor, String orgId, ProviderSettings s) {
        if (organizations.find(orgId).isEmpty()) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "organization " + orgId);
        }
        if (s.clientSecret() == null || s.clientSecret().isBlank()) {
            throw OpenEnosException.badArgument("clientSecret: is required");
        }
        Instant now = clock.instant();
        SsoProvider p = validated(actor, new SsoProvider(orgId, "sso" + Ids.random(14).toLowerCase(Locale.ROOT),
                s.name(), s.issuer(), s.clientId(), cipher.encrypt(s.clientSecret()), scopesOf(s.scopes()),
                s.groupClaim() == null || s.groupClaim().isBlank() ? "groups" : s.groupClaim().trim(),
                s.mappings() == null ? List.of() : s.mappings(), s.enabled() == null || s.enabled(), now, now));
        if (store.list(orgId).stream().anyMatch(o -> o.name().equals(p.name()))) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "a provider named '" + p.name() + "' exists");
        }
        store.insert(p);
        record(actor, orgId, "sso.create", p.providerId(), describe(p));
        return p;
    }

    public SsoProvider update(Principal actor, String orgId, String providerId, ProviderSettings s) {
        SsoProvider old = provider(orgId, providerId);
        SsoProvider p = validated(actor, new SsoProvider(orgId, providerId, s.name() == null ? old.name() : s.name(),
                s.issuer() == null ? old.issuer() : s.issuer(), s.clientId() == null ? old.clientId() : s.clientId(),
                s.clientSecret() == null || s.clientSecret().isBlank() ? old.encryptedClientSecret()
                        : cipher.encrypt(s.clientSecret()),
                s.scopes() == null ? old.scopes() : scopesOf(s.scopes()),
                s.groupClaim() == null || s.groupClaim().isBlank() ? old.groupClaim() : s.groupClaim().trim(),
                s.mappings() == null ? old.mappings() : s.mappings(),
                s.enabled() == null ? old.enabled() : s.enabled(), old.createTime(), clock.instant()));
        store.update(p);
        record(actor, orgId, "sso.update", providerId, describe(p));
        return p;
    }

    public void delete(Principal actor, String orgId, String providerId) {
        if (!store.delete(orgId, providerId)) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "provider " + providerId);
        }
        record(actor, orgId, "sso.delete", providerId, "");
    }

    public SsoProvider provider(String orgId, String providerId) {
        return store.find(providerId).filter(p -> p.orgId().equals(orgId))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "provider " + providerId));
    }

    public List<SsoProvider> providers(String orgId) {
        return store.list(orgId);
    }

    /** The enabled providers of an organization named by id or by name, for the sign-in page (no secrets). */
    public List<SsoProvider> enabledProviders(String orgIdOrName) {
        if (orgIdOrName == null || orgIdOrName.isBlank()) {
            return List.of();
        }
        return organizations.find(orgIdOrName).or(() -> organizations.findByName(orgIdOrName))
                .map(o -> store.list(o.orgId()).stream().filter(SsoProvider::enabled).toList())
                .orElse(List.of());
    }

    /** The user signs in through a provider (EnOS session info's {@code ssoLogin}). */
    public boolean signsInThroughProvider(String userId) {
        return store.isLinked(userId);
    }

    /** When a bearer token (a session id in EnOS IAM terms) expires; empty when it is unknown or expired. */
    public Optional<Instant> tokenExpiry(String token) {
        return tokens.find(Hashing.sha256Hex(token)).map(TokenStore.IssuedToken::expiresAt)
                .filter(t -> t.isAfter(clock.instant()));
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    public boolean passwordsDisabled(String orgId) {
        return orgId != null && store.passwordsDisabled(orgId);
    }

    /** Turns local passwords of the organization's users off or on again; turning off needs an enabled provider. */
    public void setPasswordSignIn(Principal actor, String orgId, boolean enabled) {
        if (!enabled && store.list(orgId).stream().noneMatch(SsoProvider::enabled)) {
            throw OpenEnosException.badArgument("passwordSignIn: configure an enabled single sign-on provider before"
                    + " turning passwords off");
        }
        store.setPasswordsDisabled(orgId, !enabled, clock.instant());
        record(actor, orgId, "sso.passwords", orgId, enabled ? "password sign-in on" : "password sign-in off");
    }

    /**
     * Refuses a password sign-in of a user whose organization turned passwords off. The super-administrator, who
     * belongs to no organization, always signs in with a password: the way back when a provider fails.
     */
    public void requirePasswordSignInAllowed(String username) {
        if (username == null) {
            return;
        }
        Optional<User> user = users.findByUsername(username);
        if (user.isPresent() && passwordsDisabled(user.get().orgId())) {
            throw new OpenEnosException(ErrorCode.FORBIDDEN, "password sign-in is turned off for this organization;"
                    + " sign in with its single sign-on provider");
        }
    }

    // ---- the authorization code flow ----

    public StartedSignIn start(String orgId, String providerId, URI redirectUri) {
        SsoProvider p = provider(orgId, providerId);
        if (!p.enabled()) {
            throw new OpenEnosException(ErrorCode.FORBIDDEN, "provider " + p.name() + " is disabled");
        }
        store.deleteExpiredPending(clock.instant());
        String state = Ids.token();
        String nonce = Ids.token();
        String verifier = Ids.random(64); // RFC 7636 §4.1: 43 to 128 characters of the unreserved set
        String browser = Ids.token();
        store.savePending(new SsoStore.PendingSignIn(Hashing.sha256Hex(state), providerId, Hashing.sha256Hex(browser),
                nonce, verifier, redirectUri.toString(), clock.instant().plus(PENDING_LIFETIME)));
        return new StartedSignIn(oidc.authorizationRequest(p, redirectUri, state, nonce, challengeOf(verifier)),
                browser);
    }

    /**
     * Completes a sign-in at the callback: the state must be one this server issued, not used before, not expired,
     * and brought back by the browser that started it (login CSRF).
     */
    public SignedIn finish(String state, String code, String browserBinding) {
        if (state == null || code == null || code.isBlank()) {
            throw OpenEnosException.badArgument("the provider's answer lacks state or code");
        }
        SsoStore.PendingSignIn pending = store.takePending(Hashing.sha256Hex(state))
                .filter(x -> x.expiresAt().isAfter(clock.instant()))
                .orElseThrow(() -> new OpenEnosException(ErrorCode.UNAUTHENTICATED,
                        "unknown or expired sign-in; start again"));
        if (browserBinding == null || !Hashing.hexEquals(pending.browserHash(), Hashing.sha256Hex(browserBinding))) {
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "this sign-in was started in another browser");
        }
        SsoProvider p = store.find(pending.providerId()).filter(SsoProvider::enabled)
                .orElseThrow(() -> new OpenEnosException(ErrorCode.UNAUTHENTICATED, "the provider was removed"));
        OidcClient.VerifiedIdentity who = oidc.redeem(p, cipher.decrypt(p.encryptedClientSecret()),
                URI.create(pending.redirectUri()), code, pending.codeVerifier(), pending.nonce());
        List<RoleAssignment> granted = assignmentsFor(p, who.groups());
        if (granted.isEmpty()) {
            record(null, p.orgId(), "sso.refused", who.subject(), "no group of " + who.groups() + " maps to a role");
            throw new OpenEnosException(ErrorCode.FORBIDDEN, "none of your groups at " + p.name()
                    + " grants a role in this organization");
        }
        User user = provisioned(p, who);
        if (!user.enabled()) {
            throw new OpenEnosException(ErrorCode.FORBIDDEN, "this user is disabled");
        }
        roles.replaceAssignments(p.orgId(), user.userId(), granted, "sso " + p.name());
        String token = Ids.token();
        Instant expires = clock.instant().plus(tokenLifetime);
        tokens.save(new TokenStore.IssuedToken(Hashing.sha256Hex(token), TokenStore.Subject.USER, user.userId(),
                expires));
        record(null, p.orgId(), "user.sso-login", user.userId(), user.username() + " through " + p.name());
        return new SignedIn(token, expires, user, p.providerId());
    }

    private User provisioned(SsoProvider p, OidcClient.VerifiedIdentity who) {
        Optional<User> linked = store.linkedUser(p.providerId(), who.subject()).flatMap(users::find);
        if (linked.isPresent()) {
            return linked.get();
        }
        String base = NOT_IN_USERNAME.matcher(who.username() == null || who.username().isBlank() ? who.subject()
                : who.username()).replaceAll("_");
        base = base.length() < 3 ? base + "___".substring(base.length())
                : base.substring(0, Math.min(base.length(), 56));
        String username = base;
        while (users.findByUsername(username).isPresent()) {
            username = base + "-" + Ids.random(6).toLowerCase(Locale.ROOT);
        }
        // a random password nobody knows: the account signs in through its provider only
        User u = new User(Ids.userId(), username, p.orgId(), Role.VIEWER, who.email(), true, clock.instant());
        users.insert(u, hasher.hash(Ids.random(32)));
        store.link(p.providerId(), who.subject(), u.userId(), clock.instant());
        record(null, p.orgId(), "user.create", u.userId(), username + " provisioned by " + p.name());
        return u;
    }

    /** The mappings whose group the user is in; several scopes of one role are merged into one assignment. */
    private static List<RoleAssignment> assignmentsFor(SsoProvider p, List<String> groups) {
        Map<String, AssetScope> byRole = new LinkedHashMap<>();
        for (SsoProvider.GroupMapping m : p.mappings()) {
            if (groups.contains(m.group())) {
                byRole.merge(m.roleId(), m.scope(), AssetScope::union);
            }
        }
        List<RoleAssignment> out = new ArrayList<>();
        byRole.forEach((role, scope) -> out.add(new RoleAssignment(p.orgId(), RoleAssignment.Holder.USER, null, role,
                scope, null)));
        return out;
    }

    private SsoProvider validated(Principal actor, SsoProvider p) {
        if (p.name() == null || p.name().isBlank() || p.name().length() > 64) {
            throw OpenEnosException.badArgument("name: is required, at most 64 characters");
        }
        URI issuer;
        try {
            issuer = URI.create(p.issuer() == null ? "" : p.issuer().trim());
        } catch (IllegalArgumentException e) {
            throw OpenEnosException.badArgument("issuer: not a URL");
        }
        boolean loopback = "localhost".equals(issuer.getHost()) || "127.0.0.1".equals(issuer.getHost());
        if (!"https".equals(issuer.getScheme()) && !("http".equals(issuer.getScheme()) && loopback)) {
            throw OpenEnosException.badArgument("issuer: an https URL (http only on the loopback address)");
        }
        if (p.clientId() == null || p.clientId().isBlank()) {
            throw OpenEnosException.badArgument("clientId: is required");
        }
        if (p.mappings().size() > MAX_MAPPINGS) {
            throw OpenEnosException.badArgument("mappings: at most " + MAX_MAPPINGS);
        }
        for (SsoProvider.GroupMapping m : p.mappings()) {
            if (m.group() == null || m.group().isBlank()) {
                throw OpenEnosException.badArgument("mappings: every mapping names a group");
            }
            // nobody lets a provider grant what they do not hold over the whole organization themselves
            for (Permission perm : permissionsOf(p.orgId(), m.roleId())) {
                if (!actor.isSuperAdmin() && (!actor.grants().allows(perm)
                        || !actor.grants().scopeOf(perm).wholeOrganization())) {
                    throw OpenEnosException.forbidden("mappings: role " + m.roleId() + " holds " + perm.key()
                            + ", which you do not hold over the whole organization");
                }
            }
            for (AssetScope.Node n : m.scope().nodes()) {
                if (!nodes.exists(p.orgId(), n.treeId(), n.assetId())) {
                    throw OpenEnosException.badArgument("mappings: asset " + n.assetId() + " is not a node of tree "
                            + n.treeId());
                }
            }
        }
        return p;
    }

    private java.util.Set<Permission> permissionsOf(String orgId, String roleId) {
        if (roleId == null || roleId.isBlank()) {
            throw OpenEnosException.badArgument("mappings: every mapping names a roleId");
        }
        for (Role r : Role.values()) {
            if (r != Role.SUPER_ADMIN && r.name().equals(roleId)) {
                return r.permissions();
            }
        }
        return roles.role(orgId, roleId).permissions();
    }

    private static List<String> scopesOf(List<String> scopes) {
        List<String> out = new ArrayList<>(scopes == null ? List.of("profile", "email") : scopes);
        if (!out.contains("openid")) {
            out.addFirst("openid");
        }
        return List.copyOf(out);
    }

    /** PKCE S256 (RFC 7636 §4.2): BASE64URL(SHA256(ASCII(code_verifier))) without padding. */
    static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(SsoProvider p) {
        return p.name() + " issuer=" + p.issuer() + " clientId=" + p.clientId() + " groupClaim=" + p.groupClaim()
                + " mappings=" + p.mappings().stream().map(m -> m.group() + "→" + m.roleId()
                + (m.scope().wholeOrganization() ? "" : " over " + m.scope().nodes().size() + " nodes")).toList()
                + " enabled=" + p.enabled();
    }

    private void record(Principal actor, String orgId, String action, String target, String detail) {
        audit.record(new AuditLog.Entry(clock.instant(), actor == null ? "system" : actor.name(), orgId, action,
                target, detail));
    }
}
