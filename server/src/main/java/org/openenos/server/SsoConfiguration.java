package org.openenos.server;

import java.time.Clock;
import org.openenos.audit.AuditLog;
import org.openenos.identity.OidcClient;
import org.openenos.identity.PasswordHasher;
import org.openenos.identity.RoleService;
import org.openenos.identity.SingleSignOnService;
import org.openenos.registry.ScopedAssetListing;
import org.openenos.registry.ScopedTrees;
import org.openenos.registry.postgres.PostgresAssetTreeStore;
import org.openenos.registry.postgres.PostgresOrganizationStore;
import org.openenos.registry.postgres.PostgresScopedAssetListing;
import org.openenos.registry.postgres.PostgresScopedTrees;
import org.openenos.registry.postgres.PostgresSsoStore;
import org.openenos.registry.postgres.PostgresTokenStore;
import org.openenos.registry.postgres.PostgresUserStore;
import org.openenos.rest.sso.NimbusOidcClient;
import org.openenos.security.SecretCipher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Single sign-on through OpenID Connect and the app-portal asset lists (docs/security.md, ADR 0035, 0036). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SsoProperties.class)
public class SsoConfiguration {

    @Bean
    OidcClient oidcClient(SsoProperties sso, Clock clock) {
        return new NimbusOidcClient(sso.providerTimeout(), sso.discoveryCacheTtl(), clock);
    }

    @Bean
    SingleSignOnService singleSignOnService(JdbcClient jdbc, TransactionTemplate tx, OidcClient oidc,
                                            RoleService roles, SecretCipher cipher, AuditLog audit, Clock clock,
                                            OpenEnosProperties props) {
        var trees = new PostgresAssetTreeStore(jdbc, tx);
        return new SingleSignOnService(new PostgresSsoStore(jdbc), oidc, new PostgresOrganizationStore(jdbc),
                new PostgresUserStore(jdbc), new PostgresTokenStore(jdbc), roles,
                (orgId, treeId, assetId) -> trees.findTree(treeId).filter(t -> t.orgId().equals(orgId)).isPresent()
                        && trees.findNode(treeId, assetId).isPresent(),
                cipher, new PasswordHasher(), audit, clock, props.security().userTokenLifetime());
    }

    @Bean
    ScopedAssetListing scopedAssetListing(JdbcClient jdbc) {
        return new PostgresScopedAssetListing(jdbc);
    }

    @Bean
    ScopedTrees scopedTrees(JdbcClient jdbc) {
        return new PostgresScopedTrees(jdbc);
    }
}
