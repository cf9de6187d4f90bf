package org.openenos.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of single sign-on: providers, linked provider accounts, sign-ins under way, sign-in policies. */
public interface SsoStore {
    /** A sign-in between the redirect to the provider and its callback, kept by the hash of its state. */
    record PendingSignIn(String stateHash, String providerId, String browserHash, String nonce, String codeVerifier,
                         String redirectUri, Instant expiresAt) {
    }

    void insert(SsoProvider provider);

    void update(SsoProvider provider);

    boolean delete(String orgId, String providerId);

    Optional<SsoProvider> find(String providerId);

    List<SsoProvider> list(String orgId);

    /** The user linked to the provider account {@code subject}, if one was provisioned. */
    Optional<String> linkedUser(String providerId, String subject);

    void link(String providerId, String subject, String userId, Instant now);

    /** The user was provisioned by (and signs in through) a provider. */
    boolean isLinked(String userId);

    void savePending(PendingSignIn pending);

    /** Removes and returns the pending sign-in: a state is good for one callback only. */
    Optional<PendingSignIn> takePending(String stateHash);

    void deleteExpiredPending(Instant now);

    boolean passwordsDisabled(String orgId);

    void setPasswordsDisabled(String orgId, boolean disabled, Instant now);
}
