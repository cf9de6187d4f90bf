package org.openenos.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.CustomRole;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Role;
import org.openenos.model.identity.RoleAssignment;
import org.openenos.model.identity.RoleAssignment.Holder;
import org.openenos.security.Ids;

/**
 * Custom roles and role assignments, and the {@link Grants} of a principal. A principal without assignments acts
 * with its built-in role over the whole organization; one with assignments acts with those only (so that a scoped
 * role really narrows what it sees). Nobody grants what they do not hold themselves, nor changes their own
 * assignments. A holder given an assignment once is managed by assignments from then on: when its last one goes
 * (removed, or its role deleted) it holds nothing rather than its built-in role over the whole organization (ADR
 * 0033). Every change is audited. Grants are cached for {@code cacheTtl} per principal and built-in role (so a
 * changed built-in role applies to the next request); every role or assignment change clears the cache on this node
 * and, through the change listeners, on the others.
 */
public final class RoleService {
    private static final int MAX_NAME = 64;
    private static final int MAX_NODES = 100;

    private record Cached(Grants grants, Instant loaded) {
    }

    private final RoleStore store;
    private final UserStore users;
    private final ApplicationStore applications;
    private final ScopeNodes nodes;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration cacheTtl;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    /** Counts changes, so that grants loaded while a change was made are not cached over it. */
    private final AtomicLong generation = new AtomicLong();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    public RoleService(RoleStore store, UserStore users, ApplicationStore applications, ScopeNodes nodes,
                       AuditLog audit, Clock clock, Duration cacheTtl) {
        this.store = store;
        this.users = users;
        this.applications = applications;
        this.nodes = nodes;
        this.audit = audit;
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    /**
     * A new role: {@code permissions} (keys like {@code devices:read}) when given, else those of {@code template}
     * (a built-in role's name).
     */
    public CustomRole create(Principal actor, String orgId, String name, String description, String template,
                             Collection<String> permissions) {
        String checkedName = name(name);
        if (store.list(orgId).stream().anyMatch(r -> r.name().equalsIgnoreCase(checkedName))) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "a role named '" + checkedName + "' exists");
        }
        Set<Permission> perms = permissions != null ? parse(permissions) : templateOf(template).permissions();
        requireHeldBy(actor, perms);
        Instant now = clock.instant();
        CustomRole role = new CustomRole(orgId, Ids.random(16), checkedName, description, perms, now, now);
        store.insert(role);
        changed(actor, orgId, "role.create", role.roleId(), checkedName + " " + keys(perms));
        return role;
    }

    public CustomRole update(Principal actor, String orgId, String roleId, String name, String description,
                             Collection<String> permissions) {
        CustomRole old = role(orgId, roleId);
        Set<Permission> perms = permissions == null ? old.permissions() : parse(permissions);
        requireHeldBy(actor, perms);
        CustomRole updated = new CustomRole(orgId, roleId, name == null ? old.name() : name(name),
                description == null ? old.description() : description, perms, old.createTime(), clock.instant());
        store.update(updated);
        changed(actor, orgId, "role.update", roleId, updated.name() + " " + keys(perms)
                + (perms.equals(old.permissions()) ? "" : " (was " + keys(old.permissions()) + ")"));
        return updated;
    }

    public void delete(Principal actor, String orgId, String roleId) {
        CustomRole old = role(orgId, roleId);
        store.delete(orgId, roleId);
        changed(actor, orgId, "role.delete", roleId, old.name());
    }

    public CustomRole role(String orgId, String roleId) {
        return store.find(orgId, roleId).orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND,
                "role " + roleId));
    }

    public List<CustomRole> roles(String orgId) {
        return store.list(orgId);
    }

    /** Gives a user or an application a role (built-in name or custom id) over a scope (null: the organization). */
    public RoleAssignment assign(Principal actor, String orgId, Holder holder, String holderId, String roleId,
                                 AssetScope scope) {
        requireHolderInOrg(orgId, holder, holderId);
        requireNotSelf(actor, holder, holderId);
        Set<Permission> perms = permissionsOf(orgId, roleId);
        requireHeldBy(actor, perms);
        AssetScope s = scope == null ? AssetScope.ORGANIZATION : scope;
        if (s.nodes().size() > MAX_NODES) {
            throw OpenEnosException.badArgument("scope: at most " + MAX_NODES + " nodes");
        }
        for (AssetScope.Node n : s.nodes()) {
            if (!nodes.exists(orgId, n.treeId(), n.assetId())) {
                throw OpenEnosException.badArgument("scope: asset " + n.assetId() + " is not a node of tree "
                        + n.treeId());
            }
        }
        RoleAssignment a = new RoleAssignment(orgId, holder, holderId, roleId, s, clock.instant());
        store.assign(a);
        changed(actor, orgId, "role.assign", holder.name().toLowerCase(Locale.ROOT) + ":" + holderId,
                roleId + " over " + describe(s));
        return a;
    }

    public void unassign(Principal actor, String orgId, Holder holder, String holderId, String roleId) {
        requireHolderInOrg(orgId, holder, holderId);
        requireNotSelf(actor, holder, holderId);
        if (!store.unassign(orgId, holder, holderId, roleId)) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, "assignment of role " + roleId);
        }
        changed(actor, orgId, "role.unassign", holder.name().toLowerCase(Locale.ROOT) + ":" + holderId, roleId);
    }

    /**
     * Sets a user's assignments to exactly {@code desired}, as an identity provider's groups say at sign-in
     * (single sign-on, ADR 0035). The provider's configuration was checked against its administrator's grants when
     * it was saved; nothing else is checked here. Audited as {@code role.sync} when something changes.
     */
    public void replaceAssignments(String orgId, String userId, List<RoleAssignment> desired, String source) {
        List<RoleAssignment> held = store.assignmentsOf(Holder.USER, userId);
        boolean same = held.size() == desired.size() && held.stream().allMatch(h -> desired.stream().anyMatch(d ->
                d.roleId().equals(h.roleId()) && d.scope().equals(h.scope())));
        if (same) {
            return;
        }
        for (RoleAssignment h : held) {
            store.unassign(h.orgId(), Holder.USER, userId, h.roleId());
        }
        for (RoleAssignment d : desired) {
            store.assign(new RoleAssignment(orgId, Holder.USER, userId, d.roleId(), d.scope(), clock.instant()));
        }
        changed(null, orgId, "role.sync", "user:" + userId, source + ": " + desired.stream()
                .map(d -> d.roleId() + " over " + describe(d.scope())).collect(Collectors.joining("; ")));
    }

    public List<RoleAssignment> assignments(String orgId) {
        return store.assignments(orgId);
    }

    public List<RoleAssignment> assignmentsOf(Holder holder, String holderId) {
        return store.assignmentsOf(holder, holderId);
    }

    /** The principal with the grants it holds now (cached, see the class comment). */
    public Principal withGrants(Principal p) {
        if (p.isSuperAdmin() || p.orgId() == null) {
            return p;
        }
        Holder holder = p.kind() == Principal.Kind.USER ? Holder.USER : Holder.APPLICATION;
        // the built-in role is part of the key: a user whose role changed gets new grants on the next request
        String key = holder + ":" + p.id() + ":" + p.role();
        Instant now = clock.instant();
        Cached c = cache.get(key);
        if (c == null || c.loaded().plus(cacheTtl).isBefore(now)) {
            long before = generation.get();
            c = new Cached(load(p, holder), now);
            if (generation.get() == before) {
                cache.put(key, c);
            }
        }
        return p.withGrants(c.grants());
    }

    /** Forgets every cached grant: a role or assignment changed (here or on another server node). */
    public void forgetGrants() {
        generation.incrementAndGet();
        cache.clear();
    }

    /** Told after every role or assignment change on this node (to tell the other nodes). */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    private Grants load(Principal p, Holder holder) {
        List<RoleAssignment> held = store.assignmentsOf(holder, p.id());
        if (held.isEmpty()) {
            // once managed by assignments, losing the last one must not widen access to the built-in role
            return store.managedByAssignments(holder, p.id()) ? Grants.NONE : Grants.of(p.role());
        }
        List<Grants.Grant> grants = new ArrayList<>();
        for (RoleAssignment a : held) {
            try {
                grants.add(new Grants.Grant(a.roleId(), permissionsOf(a.orgId(), a.roleId()), a.scope()));
            } catch (OpenEnosException gone) {
                // the role was deleted under a stale cache entry: it grants nothing
            }
        }
        return new Grants(grants);
    }

    private Set<Permission> permissionsOf(String orgId, String roleId) {
        if (roleId == null || roleId.isBlank()) {
            throw OpenEnosException.badArgument("roleId: is required");
        }
        for (Role r : Role.values()) {
            if (r != Role.SUPER_ADMIN && r.name().equals(roleId)) {
                return r.permissions();
            }
        }
        return role(orgId, roleId).permissions();
    }

    private static Role templateOf(String template) {
        if (template == null || template.isBlank()) {
            throw OpenEnosException.badArgument("permissions or template: one is required");
        }
        try {
            Role r = Role.valueOf(template.trim().toUpperCase(Locale.ROOT));
            if (r != Role.SUPER_ADMIN) {
                return r;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw OpenEnosException.badArgument("template: one of ORG_ADMIN, OPERATOR, VIEWER");
    }

    private static Set<Permission> parse(Collection<String> keys) {
        Set<Permission> perms = new TreeSet<>();
        for (String k : keys) {
            try {
                perms.add(Permission.parse(k));
            } catch (IllegalArgumentException e) {
                throw OpenEnosException.badArgument("permissions: " + e.getMessage());
            }
        }
        return perms;
    }

    private static String name(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw OpenEnosException.badArgument("name: is required, at most " + MAX_NAME + " characters");
        }
        for (Role r : Role.values()) {
            if (r.name().equalsIgnoreCase(name.trim())) {
                throw OpenEnosException.badArgument("name: '" + name + "' is a built-in role");
            }
        }
        return name.trim();
    }

    /** Nobody hands out more than they hold: a role administrator cannot escalate through a role. */
    private static void requireHeldBy(Principal actor, Set<Permission> perms) {
        if (actor.isSuperAdmin()) {
            return;
        }
        List<String> missing = perms.stream().filter(p -> !actor.grants().allows(p)
                        || !actor.grants().scopeOf(p).wholeOrganization())
                .map(Permission::key).sorted().toList();
        if (!missing.isEmpty()) {
            throw OpenEnosException.forbidden("you cannot grant permissions you do not hold organization-wide: "
                    + missing);
        }
    }

    private static void requireNotSelf(Principal actor, Holder holder, String holderId) {
        boolean self = (holder == Holder.USER) == (actor.kind() == Principal.Kind.USER) && actor.id().equals(holderId);
        if (self) {
            throw OpenEnosException.badArgument("you cannot change your own roles; ask another administrator");
        }
    }

    private void requireHolderInOrg(String orgId, Holder holder, String holderId) {
        if (holder == null || holderId == null || holderId.isBlank()) {
            throw OpenEnosException.badArgument("userId or appKey: one is required");
        }
        String holderOrg = holder == Holder.USER
                ? users.find(holderId).map(u -> u.orgId()).orElse(null)
                : applications.find(holderId).map(a -> a.orgId()).orElse(null);
        if (!orgId.equals(holderOrg)) {
            throw OpenEnosException.notFound(ErrorCode.NOT_FOUND, holder.name().toLowerCase(Locale.ROOT) + " "
                    + holderId);
        }
    }

    private void changed(Principal actor, String orgId, String action, String target, String detail) {
        forgetGrants();
        for (Runnable listener : changeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RoleService.class).warn("grants change listener failed: {}",
                        e.toString());
            }
        }
        audit.record(new AuditLog.Entry(clock.instant(), actor == null ? "system" : actor.name(), orgId, action,
                target, detail));
    }

    private static String keys(Set<Permission> perms) {
        return perms.stream().map(Permission::key).sorted().collect(Collectors.joining(",", "[", "]"));
    }

    private static String describe(AssetScope s) {
        return s.wholeOrganization() ? "the organization" : s.nodes().stream()
                .map(n -> n.treeId() + "/" + n.assetId()).collect(Collectors.joining(",", "[", "]"));
    }
}
