package org.openenos.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.identity.Organization;
import org.openenos.model.identity.Role;
import org.openenos.model.identity.User;
import org.openenos.security.Hashing;
import org.openenos.security.Ids;

/** Organizations, users and password sign-in with bearer tokens. Authorization is the caller's (API layer) job. */
public final class IdentityService {
    public static final String ADMIN_USERNAME = "admin";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{3,64}");

    public record LoginResult(String accessToken, Instant expiresAt, User user) {
    }

    private final OrganizationStore organizations;
    private final UserStore users;
    private final TokenStore tokens;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final PasswordPolicy passwords = PasswordPolicy.standard();
    private final AuditLog audit;
    private final Clock clock;
    private final Duration userTokenLifetime;
    private volatile SecondFactor secondFactor = SecondFactor.NONE;

    public IdentityService(OrganizationStore organizations, UserStore users, TokenStore tokens, PasswordHasher hasher,
                           LoginThrottle throttle, AuditLog audit, Clock clock, Duration userTokenLifetime) {
        this.organizations = organizations;
        this.users = users;
        this.tokens = tokens;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
        this.userTokenLifetime = userTokenLifetime;
    }

    /**
     * Creates the super-administrator on first start. Returns the generated password when none was given, so that
     * the caller can print it once; empty when the admin already exists or the password came from the environment.
     */
    public Optional<String> bootstrapAdmin(String configuredPassword) {
        if (users.findByUsername(ADMIN_USERNAME).isPresent()) {
            return Optional.empty();
        }
        boolean generated = configuredPassword == null || configuredPassword.isBlank();
        String password = generated ? Ids.random(20) : configuredPassword;
        try {
            passwords.check(ADMIN_USERNAME, password);
        } catch (OpenEnosException e) {
            throw new IllegalArgumentException("OPENENOS_ADMIN_PASSWORD (openenos.admin-password) is too weak: "
                    + e.getMessage(), e);
        }
        User admin = new User(Ids.userId(), ADMIN_USERNAME, null, Role.SUPER_ADMIN, null, true, clock.instant());
        users.insert(admin, hasher.hash(password));
        audit.record(new AuditLog.Entry(clock.instant(), "system", null, "user.bootstrap", admin.userId(), "admin"));
        return generated ? Optional.of(password) : Optional.empty();
    }

    public Organization createOrganization(Principal actor, String name, String description) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw OpenEnosException.badArgument("name: is required, at most 100 characters");
        }
        if (organizations.findByName(name).isPresent()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "an organization named '" + name + "' exists");
        }
        Organization org = new Organization(Ids.orgId(), name, description, clock.instant());
        organizations.insert(org);
        audit(actor, org.orgId(), "organization.create", org.orgId(), name);
        return org;
    }

    public Organization organization(String orgId) {
        return organizations.find(orgId).orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND,
                "organization " + orgId));
    }

    public List<Organization> organizations() {
        return organizations.list();
    }

    public Organization updateOrganization(Principal actor, String orgId, String name, String description) {
        Organization old = organization(orgId);
        Organization updated = new Organization(orgId, name == null ? old.name() : name,
                description == null ? old.description() : description, old.createTime());
        organizations.update(updated);
        audit(actor, orgId, "organization.update", orgId, updated.name());
        return updated;
    }

    public void deleteOrganization(Principal actor, String orgId) {
        if (!organizations.delete(orgId)) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "organization " + orgId);
        }
        audit(actor, orgId, "organization.delete", orgId, "");
    }

    public User createUser(Principal actor, String orgId, String username, String password, Role role, String email) {
        organization(orgId);
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw OpenEnosException.badArgument("username: 3 to 64 characters of letters, digits, _ . @ -");
        }
        passwords.check(username, password);
        if (role == null || role == Role.SUPER_ADMIN) {
            throw OpenEnosException.badArgument("role: one of ORG_ADMIN, OPERATOR, VIEWER");
        }
        if (users.findByUsername(username).isPresent()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "user name '" + username + "' is taken");
        }
        User user = new User(Ids.userId(), username, orgId, role, email, true, clock.instant());
        users.insert(user, hasher.hash(password));
        audit(actor, orgId, "user.create", user.userId(), username + " as " + role);
        return user;
    }

    public User user(String userId) {
        return users.find(userId).orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "user " + userId));
    }

    public List<User> users(String orgId) {
        return users.listByOrg(orgId);
    }

    public User updateUser(Principal actor, String userId, Role role, String email, Boolean enabled) {
        User old = user(userId);
        if (role == Role.SUPER_ADMIN || (old.role() == Role.SUPER_ADMIN && role != null && role != Role.SUPER_ADMIN)) {
            throw OpenEnosException.badArgument("role: the super-administrator role cannot be granted or removed");
        }
        boolean roleChanges = role != null && role != old.role();
        if (roleChanges && actor.kind() == Principal.Kind.USER && actor.id().equals(userId)) {
            // an administrator who demotes themselves may leave the organization without one
            throw OpenEnosException.badArgument("role: you cannot change your own role; ask another administrator");
        }
        User updated = new User(userId, old.username(), old.orgId(), role == null ? old.role() : role,
                email == null ? old.email() : email, enabled == null ? old.enabled() : enabled, old.createTime());
        users.update(updated);
        if (roleChanges) {
            // requests look the role up anyway; ending the sessions also ends what was opened under the old role
            // (live streams, a portal showing the old role's actions) and tells the user something changed
            revokeTokens(userId);
        }
        audit(actor, old.orgId(), "user.update", userId, "role=" + updated.role()
                + (roleChanges ? " (was " + old.role() + ")" : "") + " enabled=" + updated.enabled());
        return updated;
    }

    /** An administrator sets a user's password; every session of that user ends. */
    public void changePassword(Principal actor, String userId, String newPassword) {
        User u = user(userId);
        passwords.check(u.username(), newPassword);
        users.updatePasswordHash(userId, hasher.hash(newPassword));
        revokeTokens(userId);
        audit(actor, u.orgId(), "user.password", userId, "");
    }

    /**
     * Users change their own password by proving the current one. Every session ends, the one this request came
     * with too, and a new sign-in is returned so that the caller carries on.
     */
    public LoginResult changeOwnPassword(Principal self, String currentPassword, String newPassword) {
        if (self == null || self.kind() != Principal.Kind.USER) {
            throw new OpenEnosException(ErrorCode.FORBIDDEN, "only a signed-in user changes their own password");
        }
        User u = user(self.id());
        // a stolen token must not become a way to guess the password: the same throttle as sign-in
        String guessSource = "password-change:" + u.userId();
        Optional<Duration> wait = throttle.retryAfter(u.username(), guessSource);
        if (wait.isPresent()) {
            throw new OpenEnosException(ErrorCode.TOO_MANY_REQUESTS, "too many wrong passwords; try again in "
                    + Math.max(1, wait.get().toSeconds()) + " s");
        }
        if (!hasher.matches(currentPassword, users.passwordHash(u.userId()).orElse(null))) {
            throttle.failed(u.username(), guessSource);
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "the current password is wrong");
        }
        throttle.succeeded(u.username(), guessSource);
        passwords.check(u.username(), newPassword);
        users.updatePasswordHash(u.userId(), hasher.hash(newPassword));
        revokeTokens(u.userId());
        audit(self, u.orgId(), "user.password", u.userId(), "by the user");
        return issue(u);
    }

    public void deleteUser(Principal actor, String userId) {
        User u = user(userId);
        if (u.role() == Role.SUPER_ADMIN) {
            throw OpenEnosException.badArgument("the super-administrator cannot be deleted");
        }
        users.delete(userId);
        audit(actor, u.orgId(), "user.delete", userId, u.username());
    }

    public LoginResult login(String username, String password, String address) {
        return login(username, password, null, address);
    }

    /** Password sign-in; {@code code} is the second factor when the user has one (ADR 0034). */
    public LoginResult login(String username, String password, String code, String address) {
        User user = checkPassword(username, password, address);
        secondFactor.verify(user, code, address);
        // cleared only after every step: a right password must not reset the count of wrong codes
        throttle.succeeded(user.username(), address);
        return issue(user);
    }

    /** Proves a user's password without signing in (enrolling a second factor), throttled like sign-in. */
    public User checkPassword(String username, String password, String address) {
        String name = username == null ? "" : username;
        Optional<Duration> wait = throttle.retryAfter(name, address);
        if (wait.isPresent()) {
            throw new OpenEnosException(ErrorCode.TOO_MANY_REQUESTS, "too many failed sign-ins; try again in "
                    + Math.max(1, wait.get().toSeconds()) + " s");
        }
        Optional<User> user = users.findByUsername(name).filter(User::enabled);
        boolean ok = user.isPresent() && hasher.matches(password, users.passwordHash(user.get().userId()).orElse(null));
        if (!ok) {
            throttle.failed(name, address);
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "wrong user name or password");
        }
        return user.get();
    }

    /** The step of sign-in after the password; none unless set. */
    public void useSecondFactor(SecondFactor secondFactor) {
        this.secondFactor = secondFactor;
    }

    private LoginResult issue(User user) {
        String token = Ids.token();
        Instant expires = clock.instant().plus(userTokenLifetime);
        tokens.save(new TokenStore.IssuedToken(Hashing.sha256Hex(token), TokenStore.Subject.USER, user.userId(),
                expires));
        return new LoginResult(token, expires, user);
    }

    private void revokeTokens(String userId) {
        tokens.deleteBySubject(TokenStore.Subject.USER, userId);
    }

    public void logout(String token) {
        tokens.delete(Hashing.sha256Hex(token));
    }

    public Optional<Principal> authenticateBearer(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return tokens.find(Hashing.sha256Hex(token))
                .filter(t -> t.subject() == TokenStore.Subject.USER && t.expiresAt().isAfter(clock.instant()))
                .flatMap(t -> users.find(t.subjectId()))
                .filter(User::enabled)
                .map(u -> new Principal(Principal.Kind.USER, u.userId(), u.username(), u.orgId(), u.role()));
    }

    private void audit(Principal actor, String orgId, String action, String target, String detail) {
        audit.record(new AuditLog.Entry(clock.instant(), actor == null ? "system" : actor.name(), orgId, action,
                target, detail));
    }
}
