package org.openenos.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** TOTP secrets (encrypted), used time steps, recovery codes (hashed) and the organizations that require TOTP. */
public interface TotpStore {
    /** A user's secret as stored ({@code SecretCipher} form); active once confirmed with a first code. */
    record Enrolment(String userId, String encryptedSecret, boolean active, Instant createdAt) {
    }

    Optional<Enrolment> find(String userId);

    /** Starts or restarts an enrolment: replaces a pending secret, never an active one. */
    void savePending(String userId, String encryptedSecret, Instant now);

    /** Activates a pending enrolment with its recovery codes; false when there was none pending. */
    boolean activate(String userId, List<String> recoveryCodeHashes, Instant now);

    /**
     * Records that the code of {@code step} was used: true only when no code of this or a later step was used
     * before (so that each code signs in once, on every server node).
     */
    boolean useStep(String userId, long step);

    /** Consumes a recovery code: true only the first time. */
    boolean useRecoveryCode(String userId, String codeHash);

    int recoveryCodesLeft(String userId);

    /** Removes the secret and the recovery codes; false when there was nothing. */
    boolean delete(String userId);

    boolean required(String orgId);

    void setRequired(String orgId, boolean required, Instant now);
}
