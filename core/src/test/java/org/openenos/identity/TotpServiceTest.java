package org.openenos.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.identity.Role;
import org.openenos.model.identity.User;
import org.openenos.security.Base32;
import org.openenos.security.SecretCipher;
import org.openenos.testkit.ManualClock;

/** The TOTP rules on a manual clock: drift of one step, replays, recovery codes, the organization's requirement. */
class TotpServiceTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:10Z"));
    private final MemoryStore store = new MemoryStore();
    private final List<AuditLog.Entry> audit = new ArrayList<>();
    private final SecretCipher cipher = new SecretCipher(new byte[32]);
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(2), Duration.ofMinutes(5), 100,
            Duration.ofMinutes(15), clock);
    private final TotpService totp = new TotpService(store, cipher, throttle, new AuditLog() {
        @Override
        public void record(Entry entry) {
            audit.add(entry);
        }

        @Override
        public List<Entry> recent(String orgId, int limit) {
            return audit;
        }
    }, clock, "OpenEnOS");
    private final User alice = new User("u1", "alice", "o1", Role.OPERATOR, null, true, clock.instant());

    @Test
    void aCodeOneStepAwayIsAcceptedButTwoStepsAwayIsNot() throws Exception {
        String secret = enrolAndConfirm();
        clock.advance(Duration.ofSeconds(60)); // two steps after the confirming code
        long now = step();
        assertRefused(code(secret, now - 2));
        assertRefused(code(secret, now + 2));
        totp.verify(alice, code(secret, now + 1), "a");
        assertRefused(code(secret, now + 1)); // used
        assertRefused(code(secret, now)); // earlier than the last used step
    }

    @Test
    void eachRecoveryCodeWorksOnceWhateverItsCaseAndSpacing() throws Exception {
        enrolAndConfirm();
        String recovery = store.lastRecoveryCodes.getFirst();
        totp.verify(alice, " " + recovery.toUpperCase().replace("-", " ") + " ", "a");
        assertRefused(recovery);
        assertThat(totp.status(alice).recoveryCodesLeft()).isEqualTo(9);
    }

    @Test
    void noCodeIsAskedForAndAnOrganizationsRequirementAppliesOnlyToUsersWithoutTotp() throws Exception {
        totp.verify(alice, null, "a"); // not enrolled, not required
        store.setRequired("o1", true, clock.instant());
        assertThatThrownBy(() -> totp.verify(alice, null, "a")).isInstanceOfSatisfying(OpenEnosException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SECOND_FACTOR_ENROLMENT_REQUIRED));
        enrolAndConfirm();
        assertThatThrownBy(() -> totp.verify(alice, "", "a")).isInstanceOfSatisfying(OpenEnosException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SECOND_FACTOR_REQUIRED));
    }

    @Test
    void theSecretIsStoredEncryptedAndTheUriCarriesIt() {
        TotpService.Enrolment e = totp.enrol(alice);
        assertThat(e.otpauthUri()).isEqualTo("otpauth://totp/OpenEnOS:alice?secret=" + e.secret()
                + "&issuer=OpenEnOS&algorithm=SHA1&digits=6&period=30");
        String stored = store.find("u1").orElseThrow().encryptedSecret();
        assertThat(stored).startsWith("v1:").doesNotContain(e.secret());
        assertThat(Base32.decode(e.secret())).hasSize(20);
        assertThat(audit).extracting(AuditLog.Entry::detail).noneMatch(d -> d.contains(e.secret()));
    }

    private String enrolAndConfirm() throws Exception {
        String secret = totp.enrol(alice).secret();
        List<String> codes = totp.confirm(alice, code(secret, step()), "a");
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        store.lastRecoveryCodes = codes;
        return secret;
    }

    private void assertRefused(String code) {
        assertThatThrownBy(() -> totp.verify(alice, code, "a")).isInstanceOfSatisfying(OpenEnosException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }

    private long step() {
        return clock.instant().getEpochSecond() / 30;
    }

    private static String code(String base32, long step) throws Exception {
        var gen = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30));
        return gen.generateOneTimePasswordString(new SecretKeySpec(Base32.decode(base32), gen.getAlgorithm()),
                Instant.ofEpochSecond(step * 30));
    }

    /** The store's contract in memory (the PostgreSQL one is exercised by the server's API tests). */
    private static final class MemoryStore implements TotpStore {
        private final Map<String, Enrolment> enrolments = new HashMap<>();
        private final Map<String, Long> lastSteps = new HashMap<>();
        private final Map<String, Set<String>> recovery = new HashMap<>();
        private final Set<String> requiredOrgs = new HashSet<>();
        List<String> lastRecoveryCodes = List.of();

        @Override
        public Optional<Enrolment> find(String userId) {
            return Optional.ofNullable(enrolments.get(userId));
        }

        @Override
        public void savePending(String userId, String encryptedSecret, Instant now) {
            if (find(userId).filter(Enrolment::active).isEmpty()) {
                enrolments.put(userId, new Enrolment(userId, encryptedSecret, false, now));
                lastSteps.put(userId, -1L);
            }
        }

        @Override
        public boolean activate(String userId, List<String> hashes, Instant now) {
            Enrolment e = enrolments.get(userId);
            if (e == null || e.active()) {
                return false;
            }
            enrolments.put(userId, new Enrolment(userId, e.encryptedSecret(), true, e.createdAt()));
            recovery.put(userId, new HashSet<>(hashes));
            return true;
        }

        @Override
        public boolean useStep(String userId, long step) {
            if (lastSteps.getOrDefault(userId, -1L) >= step) {
                return false;
            }
            lastSteps.put(userId, step);
            return true;
        }

        @Override
        public boolean useRecoveryCode(String userId, String codeHash) {
            return recovery.getOrDefault(userId, Set.of()).remove(codeHash);
        }

        @Override
        public int recoveryCodesLeft(String userId) {
            return recovery.getOrDefault(userId, Set.of()).size();
        }

        @Override
        public boolean delete(String userId) {
            recovery.remove(userId);
            return enrolments.remove(userId) != null;
        }

        @Override
        public boolean required(String orgId) {
            return requiredOrgs.contains(orgId);
        }

        @Override
        public void setRequired(String orgId, boolean required, Instant now) {
            if (required) {
                requiredOrgs.add(orgId);
            } else {
                requiredOrgs.remove(orgId);
            }
        }
    }
}
