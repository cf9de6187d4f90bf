package org.openenos.server;

import java.time.Clock;
import org.openenos.audit.AuditLog;
import org.openenos.identity.RoleService;
import org.openenos.registry.AssetScopes;
import org.openenos.registry.postgres.PostgresApplicationStore;
import org.openenos.registry.postgres.PostgresAssetScopes;
import org.openenos.registry.postgres.PostgresAssetTreeStore;
import org.openenos.registry.postgres.PostgresRoleStore;
import org.openenos.registry.postgres.PostgresUserStore;
import org.openenos.security.SecretCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Custom roles, role assignments and asset scopes (docs/security.md). */
@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    @Bean
    AssetScopes assetScopes(JdbcClient jdbc) {
        return new PostgresAssetScopes(jdbc);
    }

    @Bean
    RoleService roleService(JdbcClient jdbc, TransactionTemplate tx, SecretCipher cipher, AuditLog audit,
                            Clock clock, OpenEnosProperties props) {
        var trees = new PostgresAssetTreeStore(jdbc, tx);
        return new RoleService(new PostgresRoleStore(jdbc, tx), new PostgresUserStore(jdbc),
                new PostgresApplicationStore(jdbc, cipher),
                (orgId, treeId, assetId) -> trees.findTree(treeId).filter(t -> t.orgId().equals(orgId)).isPresent()
                        && trees.findNode(treeId, assetId).isPresent(),
                audit, clock, props.security().grantsCacheTtl());
    }
}
