package org.openenos.identity;

import java.time.Instant;
import java.util.List;
import org.openenos.model.identity.AssetScope;

/**
 * An OpenID Connect provider through which the users of one organization sign in (ADR 0035). The client secret is
 * kept encrypted ({@code security.SecretCipher}) and never shown again. {@code groupClaim} names the ID token claim
 * that lists the user's groups; each {@link GroupMapping} turns one group into a role over a scope.
 */
public record SsoProvider(String orgId, String providerId, String name, String issuer, String clientId,
                          String encryptedClientSecret, List<String> scopes, String groupClaim,
                          List<GroupMapping> mappings, boolean enabled, Instant createTime, Instant updateTime) {

    /** Members of {@code group} hold {@code roleId} (built-in name or custom role id) over {@code scope}. */
    public record GroupMapping(String group, String roleId, AssetScope scope) {
        public GroupMapping {
            scope = scope == null ? AssetScope.ORGANIZATION : scope;
        }
    }

    public SsoProvider {
        scopes = List.copyOf(scopes);
        mappings = List.copyOf(mappings);
    }
}
