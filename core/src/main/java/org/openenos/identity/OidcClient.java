package org.openenos.identity;

import java.net.URI;
import java.util.List;

/**
 * The relying-party side of OpenID Connect's authorization code flow with PKCE, behind a port so that the use case
 * stays free of the protocol library. Implementations discover the provider from its issuer, redeem the code at the
 * token endpoint and validate the ID token (signature against the provider's keys, issuer, audience, expiry, nonce).
 */
public interface OidcClient {
    /** Who signed in, as the provider's validated ID token says; {@code groups} from the configured claim. */
    record VerifiedIdentity(String subject, String username, String email, List<String> groups) {
    }

    URI authorizationRequest(SsoProvider provider, URI redirectUri, String state, String nonce, String codeChallenge);

    VerifiedIdentity redeem(SsoProvider provider, String clientSecret, URI redirectUri, String code,
                            String codeVerifier, String nonce);
}
