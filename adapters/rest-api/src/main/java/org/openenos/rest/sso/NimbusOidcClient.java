package org.openenos.rest.sso;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.OidcClient;
import org.openenos.identity.SsoProvider;

/**
 * {@link OidcClient} on the Nimbus OAuth 2.0 / OpenID Connect SDK: discovery from the issuer
 * ({@code /.well-known/openid-configuration}, the issuer in it must equal the configured one), the code redeemed at
 * the token endpoint with the client secret (HTTP Basic) and the PKCE verifier, the ID token checked by the SDK's
 * validator (signature against the provider's published keys, issuer, audience, expiry, nonce). Discovery documents
 * and key sets are cached per issuer for {@code metadataTtl}.
 */
public final class NimbusOidcClient implements OidcClient {
    private record Discovered(OIDCProviderMetadata metadata, Instant fetched) {
    }

    private final ConcurrentHashMap<String, Discovered> discovered = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, IDTokenValidator> validators = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Duration metadataTtl;
    private final Clock clock;

    public NimbusOidcClient(Duration timeout, Duration metadataTtl, Clock clock) {
        this.timeout = timeout;
        this.metadataTtl = metadataTtl;
        this.clock = clock;
    }

    @Override
    public URI authorizationRequest(SsoProvider provider, URI redirectUri, String state, String nonce,
                                    String codeChallenge) {
        OIDCProviderMetadata md = metadata(provider.issuer());
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(provider.scopes().toArray(String[]::new)),
                new ClientID(provider.clientId()), redirectUri)
                .endpointURI(md.getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(challenge(codeChallenge), CodeChallengeMethod.S256)
                .build().toURI();
    }

    @Override
    public VerifiedIdentity redeem(SsoProvider provider, String clientSecret, URI redirectUri, String code,
                                   String codeVerifier, String nonce) {
        OIDCProviderMetadata md = metadata(provider.issuer());
        try {
            ClientID client = new ClientID(provider.clientId());
            HTTPRequest http = new TokenRequest(md.getTokenEndpointURI(), new ClientSecretBasic(client,
                    new Secret(clientSecret)), new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                    new CodeVerifier(codeVerifier))).toHTTPRequest();
            http.setConnectTimeout((int) timeout.toMillis());
            http.setReadTimeout((int) timeout.toMillis());
            TokenResponse response = OIDCTokenResponseParser.parse(http.send());
            if (!response.indicatesSuccess()) {
                var error = ((TokenErrorResponse) response).getErrorObject();
                throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "the provider refused the code: "
                        + error.getCode()
                        + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")"));
            }
            var idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
            IDTokenClaimsSet claims = validator(provider, md).validate(idToken, new Nonce(nonce));
            String username = firstText(claims.getStringClaim("preferred_username"), claims.getStringClaim("email"),
                    claims.getSubject().getValue());
            return new VerifiedIdentity(claims.getSubject().getValue(), username, claims.getStringClaim("email"),
                    groups(claims.getClaim(provider.groupClaim())));
        } catch (OpenEnosException e) {
            throw e;
        } catch (Exception e) {
            throw new OpenEnosException(ErrorCode.UNAUTHENTICATED, "sign-in through " + provider.name()
                    + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private IDTokenValidator validator(SsoProvider p, OIDCProviderMetadata md) {
        return validators.computeIfAbsent(p.providerId() + "|" + p.issuer() + "|" + p.clientId(), k -> {
            try {
                List<JWSAlgorithm> algs = md.getIDTokenJWSAlgs() == null ? List.of() : md.getIDTokenJWSAlgs();
                JWSAlgorithm alg = algs.contains(JWSAlgorithm.RS256) || algs.isEmpty() ? JWSAlgorithm.RS256
                        : algs.getFirst();
                return new IDTokenValidator(md.getIssuer(), new ClientID(p.clientId()), alg,
                        md.getJWKSetURI().toURL());
            } catch (Exception e) {
                throw new OpenEnosException(ErrorCode.UNAVAILABLE, "the keys of " + p.issuer() + " cannot be read");
            }
        });
    }

    private OIDCProviderMetadata metadata(String issuer) {
        Discovered d = discovered.get(issuer);
        if (d == null || d.fetched().plus(metadataTtl).isBefore(clock.instant())) {
            try {
                int ms = (int) timeout.toMillis();
                d = new Discovered(OIDCProviderMetadata.resolve(new Issuer(issuer), ms, ms), clock.instant());
            } catch (Exception e) {
                throw new OpenEnosException(ErrorCode.UNAVAILABLE, "the provider " + issuer
                        + " cannot be reached or its discovery document is invalid: " + e.getMessage());
            }
            discovered.put(issuer, d);
        }
        return d.metadata();
    }

    private static CodeChallenge challenge(String value) {
        try {
            return CodeChallenge.parse(value);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalArgumentException("not a PKCE challenge", e);
        }
    }

    /** A groups claim is a list of names (Keycloak, Entra ID) or, with some providers, one space-separated string. */
    private static List<String> groups(Object claim) {
        if (claim instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String s && !s.isBlank()) {
            return List.of(s.trim().split("[\\s,]+"));
        }
        return List.of();
    }

    private static String firstText(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
