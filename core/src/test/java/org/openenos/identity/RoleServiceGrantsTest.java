package org.openenos.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openenos.audit.AuditLog;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.CustomRole;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.model.identity.Role;
import org.openenos.model.identity.RoleAssignment;
import org.openenos.model.identity.RoleAssignment.Holder;
import org.openenos.model.identity.User;

/** Grants never widen when assignments go, and a change is not served from the cache afterwards. */
class RoleServiceGrantsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    static final AssetScope SITE = AssetScope.of(List.of(new AssetScope.Node("t1", "site")));

    /** Roles and assignments in memory: the persistence is not what is tested here. */
    static final class Store implements RoleStore {
        final List<CustomRole> roles = new ArrayList<>();
        final List<RoleAssignment> assignments = new ArrayList<>();
        final Set<String> managed = new HashSet<>();
        final AtomicInteger loads = new AtomicInteger();

        public void insert(CustomRole role) {
            roles.add(role);
        }

        public void update(CustomRole role) {
            roles.removeIf(r -> r.roleId().equals(role.roleId()));
            roles.add(role);
        }

        public boolean delete(String orgId, String roleId) {
            assignments.removeIf(a -> a.roleId().equals(roleId));
            return roles.removeIf(r -> r.roleId().equals(roleId));
        }

        public Optional<CustomRole> find(String orgId, String roleId) {
            return roles.stream().filter(r -> r.roleId().equals(roleId)).findFirst();
        }

        public List<CustomRole> list(String orgId) {
            return List.copyOf(roles);
        }

        public void assign(RoleAssignment a) {
            assignments.removeIf(x -> x.holderId().equals(a.holderId()) && x.roleId().equals(a.roleId()));
            assignments.add(a);
            managed.add(a.holder() + ":" + a.holderId());
        }

        public boolean managedByAssignments(Holder holder, String holderId) {
            return managed.contains(holder + ":" + holderId);
        }

        public boolean unassign(String orgId, Holder holder, String holderId, String roleId) {
            return assignments.removeIf(a -> a.holderId().equals(holderId) && a.roleId().equals(roleId));
        }

        public List<RoleAssignment> assignmentsOf(Holder holder, String holderId) {
            loads.incrementAndGet();
            return assignments.stream().filter(a -> a.holder() == holder && a.holderId().equals(holderId)).toList();
        }

        public List<RoleAssignment> assignments(String orgId) {
            return List.copyOf(assignments);
        }
    }

    final Store store = new Store();
    final UserStore users = new UserStore() {
        public void insert(User user, String passwordHash) {
        }

        public Optional<User> find(String userId) {
            return Optional.of(new User(userId, userId, "o1", Role.OPERATOR, null, true, CLOCK.instant()));
        }

        public Optional<User> findByUsername(String username) {
            return Optional.empty();
        }

        public Optional<String> passwordHash(String userId) {
            return Optional.empty();
        }

        public List<User> listByOrg(String orgId) {
            return List.of();
        }

        public void update(User user) {
        }

        public void updatePasswordHash(String userId, String passwordHash) {
        }

        public boolean delete(String userId) {
            return false;
        }

        public long count() {
            return 0;
        }
    };
    final AuditLog audit = new AuditLog() {
        public void record(Entry entry) {
        }

        public List<Entry> recent(String orgId, int limit) {
            return List.of();
        }
    };
    final RoleService roles = new RoleService(store, users, null, (org, tree, asset) -> true, audit, CLOCK,
            Duration.ofMinutes(10));
    final Principal admin = new Principal(Principal.Kind.USER, "admin", "admin", "o1", Role.ORG_ADMIN);

    private Principal user(Role role) {
        return new Principal(Principal.Kind.USER, "u1", "u1", "o1", role);
    }

    @Test
    void aHolderWhoseLastAssignmentIsRemovedOrWhoseRoleIsDeletedHoldsNothing() {
        Principal actor = roles.withGrants(admin);
        CustomRole site = roles.create(actor, "o1", "site", null, null, List.of("devices:read"));
        roles.assign(actor, "o1", Holder.USER, "u1", site.roleId(), SITE);
        assertThat(roles.withGrants(user(Role.OPERATOR)).grants().scopeOf(Permission.read(Resource.DEVICES))
                .wholeOrganization()).isFalse();

        roles.delete(actor, "o1", site.roleId());
        assertThat(roles.withGrants(user(Role.OPERATOR)).grants().grants()).isEmpty();

        roles.assign(actor, "o1", Holder.USER, "u1", "VIEWER", null);
        roles.unassign(actor, "o1", Holder.USER, "u1", "VIEWER");
        assertThat(roles.withGrants(user(Role.OPERATOR)).grants().allows(Permission.read(Resource.DEVICES)))
                .isFalse();
        // a holder never given an assignment keeps its built-in role
        Principal other = new Principal(Principal.Kind.USER, "u2", "u2", "o1", Role.OPERATOR);
        assertThat(roles.withGrants(other).grants().allows(Permission.write(Resource.DEVICES))).isTrue();
    }

    @Test
    void aChangedBuiltInRoleIsNotServedFromTheCache() {
        assertThat(roles.withGrants(user(Role.OPERATOR)).grants().allows(Permission.write(Resource.DEVICES)))
                .isTrue();
        assertThat(roles.withGrants(user(Role.VIEWER)).grants().allows(Permission.write(Resource.DEVICES)))
                .isFalse();
    }

    @Test
    void everyChangeClearsTheCacheAndTellsTheOtherNodes() {
        AtomicInteger told = new AtomicInteger();
        roles.addChangeListener(told::incrementAndGet);
        roles.withGrants(user(Role.OPERATOR));
        roles.withGrants(user(Role.OPERATOR));
        assertThat(store.loads).hasValue(1);
        Principal actor = roles.withGrants(admin);
        roles.assign(actor, "o1", Holder.USER, "u1", "VIEWER", SITE);
        assertThat(told).hasValue(1);
        assertThat(roles.withGrants(user(Role.OPERATOR)).grants().allows(Permission.write(Resource.DEVICES)))
                .isFalse();
        roles.forgetGrants(); // as a message from another node does
        int before = store.loads.get();
        roles.withGrants(user(Role.OPERATOR));
        assertThat(store.loads.get()).isEqualTo(before + 1);
    }
}
