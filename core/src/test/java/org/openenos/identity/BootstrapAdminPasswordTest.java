package org.openenos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.openenos.audit.AuditLog;
import org.openenos.model.identity.User;
import org.openenos.testkit.ManualClock;

class BootstrapAdminPasswordTest {
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final IdentityService identity = new IdentityService(nothing(OrganizationStore.class), new UserStore() {
        public void insert(User user, String passwordHash) {
            users.put(user.userId(), user);
        }

        public Optional<User> find(String userId) {
            return Optional.ofNullable(users.get(userId));
        }

        public Optional<User> findByUsername(String username) {
            return users.values().stream().filter(u -> u.username().equals(username)).findFirst();
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
            return users.size();
        }
    }, nothing(TokenStore.class), null /* a weak password is refused before anything is hashed */, new LoginThrottle(5, Duration.ofSeconds(2),
            Duration.ofMinutes(5), 100, Duration.ofMinutes(15), clock), nothing(AuditLog.class), clock,
            Duration.ofHours(8));

    /** A port whose methods do nothing: the test looks at users only. */
    @SuppressWarnings("unchecked")
    private static <T> T nothing(Class<T> port) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (p, m, a) -> null);
    }

    @Test
    void aWeakConfiguredAdministratorPasswordStopsTheFirstStartWithAClearMessage() {
        for (String weak : new String[] {"admin", "12345678", "Password123"}) {
            assertThatThrownBy(() -> identity.bootstrapAdmin(weak)).as(weak)
                    .hasMessageContaining("OPENENOS_ADMIN_PASSWORD").hasMessageNotContaining(weak + " ");
        }
        assertThat(users).isEmpty();
    }
}
