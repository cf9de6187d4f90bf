package org.openenos.registry.postgres;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openenos.identity.TotpStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** TOTP enrolments, recovery codes and organization requirements in PostgreSQL (V202–V204). */
public final class PostgresTotpStore implements TotpStore {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final OrganizationSwitch required;

    public PostgresTotpStore(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.required = new OrganizationSwitch(jdbc, "organization_totp_policy", "required");
    }

    @Override
    public Optional<Enrolment> find(String userId) {
        return jdbc.sql("SELECT user_id, secret, active, create_time FROM user_totp WHERE user_id = ?").param(userId)
                .query((rs, i) -> new Enrolment(rs.getString("user_id"), rs.getString("secret"),
                        rs.getBoolean("active"), Sql.instant(rs, "create_time")))
                .optional();
    }

    @Override
    public void savePending(String userId, String encryptedSecret, Instant now) {
        jdbc.sql("""
                INSERT INTO user_totp (user_id, secret, active, last_step, create_time) VALUES (?, ?, FALSE, -1, ?)
                ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, last_step = -1,
                    create_time = EXCLUDED.create_time
                WHERE NOT user_totp.active""")
                .params(userId, encryptedSecret, Sql.ts(now)).update();
    }

    @Override
    public boolean activate(String userId, List<String> recoveryCodeHashes, Instant now) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            int n = jdbc.sql("UPDATE user_totp SET active = TRUE, confirm_time = ? WHERE user_id = ? AND NOT active")
                    .params(Sql.ts(now), userId).update();
            if (n == 0) {
                return false;
            }
            jdbc.sql("DELETE FROM user_recovery_codes WHERE user_id = ?").param(userId).update();
            for (String hash : recoveryCodeHashes) {
                jdbc.sql("INSERT INTO user_recovery_codes (user_id, code_hash) VALUES (?, ?)").params(userId, hash)
                        .update();
            }
            return true;
        }));
    }

    @Override
    public boolean useStep(String userId, long step) {
        return jdbc.sql("UPDATE user_totp SET last_step = ? WHERE user_id = ? AND last_step < ?")
                .params(step, userId, step).update() == 1;
    }

    @Override
    public boolean useRecoveryCode(String userId, String codeHash) {
        return jdbc.sql("DELETE FROM user_recovery_codes WHERE user_id = ? AND code_hash = ?")
                .params(userId, codeHash).update() == 1;
    }

    @Override
    public int recoveryCodesLeft(String userId) {
        return jdbc.sql("SELECT count(*) FROM user_recovery_codes WHERE user_id = ?").param(userId)
                .query(Integer.class).single();
    }

    @Override
    public boolean delete(String userId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            jdbc.sql("DELETE FROM user_recovery_codes WHERE user_id = ?").param(userId).update();
            return jdbc.sql("DELETE FROM user_totp WHERE user_id = ?").param(userId).update() == 1;
        }));
    }

    @Override
    public boolean required(String orgId) {
        return required.isOn(orgId);
    }

    @Override
    public void setRequired(String orgId, boolean on, Instant now) {
        required.set(orgId, on, now);
    }
}
