package org.openenos.server;

import java.time.Clock;
import javax.sql.DataSource;
import org.openenos.audit.AuditLog;
import org.openenos.identity.ApplicationService;
import org.openenos.identity.IdentityService;
import org.openenos.identity.LoginThrottle;
import org.openenos.identity.PasswordHasher;
import org.openenos.registry.AssetService;
import org.openenos.registry.AssetTreeService;
import org.openenos.registry.DeviceService;
import org.openenos.registry.ModelService;
import org.openenos.registry.ProductService;
import org.openenos.registry.RegistryDeviceDirectory;
import org.openenos.registry.TopologyService;
import org.openenos.registry.postgres.MetadataDatabase;
import org.openenos.registry.postgres.PostgresApplicationStore;
import org.openenos.registry.postgres.PostgresAssetStore;
import org.openenos.registry.postgres.PostgresAssetTreeStore;
import org.openenos.registry.postgres.PostgresAuditLog;
import org.openenos.registry.postgres.PostgresDeviceStore;
import org.openenos.registry.postgres.PostgresOrganizationStore;
import org.openenos.registry.postgres.PostgresProductStore;
import org.openenos.registry.postgres.PostgresThingModelStore;
import org.openenos.registry.postgres.PostgresTokenStore;
import org.openenos.registry.postgres.PostgresUserStore;
import org.openenos.security.SecretCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires identity and registry use cases to the PostgreSQL stores. */
@Configuration(proxyBeanMethods = false)
public class RegistryConfiguration {

    @Bean(destroyMethod = "close")
    MetadataDatabase metadataDatabase(OpenEnosProperties props) {
        var db = props.database();
        return MetadataDatabase.start(new MetadataDatabase.Config(db.jdbcUrl(), db.username(), db.password(),
                props.dataDir().resolve("postgres"), db.embeddedPort(), db.maxPoolSize(),
                props.dataDir().resolve("keys")));
    }

    @Bean
    DataSource dataSource(MetadataDatabase db) {
        return db.dataSource();
    }

    @Bean
    JdbcClient jdbcClient(DataSource ds) {
        return JdbcClient.create(ds);
    }

    @Bean
    TransactionTemplate transactionTemplate(DataSource ds) {
        return new TransactionTemplate(new DataSourceTransactionManager(ds));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SecretCipher secretCipher(OpenEnosProperties props) {
        return SecretCipher.fromKeyFile(props.dataDir().resolve("keys").resolve("secrets.key"));
    }

    @Bean
    AuditLog auditLog(JdbcClient jdbc) {
        return new PostgresAuditLog(jdbc);
    }

    @Bean
    IdentityService identityService(JdbcClient jdbc, AuditLog audit, Clock clock, OpenEnosProperties props,
                                    LoginThrottle throttle) {
        return new IdentityService(new PostgresOrganizationStore(jdbc), new PostgresUserStore(jdbc),
                new PostgresTokenStore(jdbc), new PasswordHasher(), throttle, audit, clock,
                props.security().userTokenLifetime());
    }

    @Bean
    ApplicationService applicationService(JdbcClient jdbc, SecretCipher cipher, AuditLog audit, Clock clock,
                                          OpenEnosProperties props) {
        return new ApplicationService(new PostgresApplicationStore(jdbc, cipher), new PostgresTokenStore(jdbc), audit,
                clock, props.security().appTokenLifetime(), props.security().maxClockSkew());
    }

    @Bean
    PostgresProductStore productStore(JdbcClient jdbc, SecretCipher cipher) {
        return new PostgresProductStore(jdbc, cipher);
    }

    @Bean
    PostgresDeviceStore deviceStore(JdbcClient jdbc, DataSource ds, TransactionTemplate tx, SecretCipher cipher) {
        return new PostgresDeviceStore(jdbc, new JdbcTemplate(ds), tx, cipher);
    }

    @Bean
    ModelService modelService(JdbcClient jdbc, PostgresProductStore products, AuditLog audit, Clock clock) {
        return new ModelService(new PostgresThingModelStore(jdbc), products, audit, clock);
    }

    @Bean
    ProductService productService(PostgresProductStore products, PostgresDeviceStore devices, ModelService models,
                                  AuditLog audit, Clock clock) {
        return new ProductService(products, devices, models, audit, clock);
    }

    @Bean
    DeviceService deviceService(PostgresDeviceStore devices, ProductService products, ModelService models,
                                AuditLog audit, Clock clock) {
        return new DeviceService(devices, products, models, audit, clock);
    }

    @Bean
    RegistryDeviceDirectory deviceDirectory(PostgresDeviceStore devices, PostgresProductStore products,
                                            ModelService models, DeviceService deviceService,
                                            ProductService productService) {
        return new RegistryDeviceDirectory(devices, products, models, deviceService, productService);
    }

    @Bean
    TopologyService topologyService(DeviceService devices, ProductService products,
                                    RegistryDeviceDirectory directory) {
        return new TopologyService(devices, products, directory);
    }

    @Bean
    AssetService assetService(JdbcClient jdbc, ModelService models, AuditLog audit, Clock clock) {
        return new AssetService(new PostgresAssetStore(jdbc), models, audit, clock);
    }

    @Bean
    AssetTreeService assetTreeService(JdbcClient jdbc, TransactionTemplate tx, AssetService assets, AuditLog audit,
                                      Clock clock) {
        return new AssetTreeService(new PostgresAssetTreeStore(jdbc, tx), assets, audit, clock);
    }
}
