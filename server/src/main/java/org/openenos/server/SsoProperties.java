package org.openenos.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of single sign-on through OpenID Connect (docs/security.md, ADR 0035).
 *
 * @param publicUrl         the address browsers reach this server at (https://iot.example.com); the redirect URI
 *                          registered at providers is this address followed by /sso/oidc/callback; empty: taken from
 *                          each request (fine without a reverse proxy)
 * @param providerTimeout   connect and read timeout of calls to a provider (discovery, token endpoint, keys)
 * @param discoveryCacheTtl how long a provider's discovery document is kept before it is read again
 */
@ConfigurationProperties("openenos.sso")
public record SsoProperties(@DefaultValue("") String publicUrl,
                            @DefaultValue("5s") Duration providerTimeout,
                            @DefaultValue("1h") Duration discoveryCacheTtl) {
}
