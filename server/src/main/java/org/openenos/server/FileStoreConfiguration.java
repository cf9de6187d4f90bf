package org.openenos.server;

import java.util.Locale;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The store behind firmware and device files: local disk by default, an S3-compatible bucket when configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FileStoreProperties.class)
public class FileStoreConfiguration {

    @Bean(destroyMethod = "close")
    FileStore fileStore(FileStoreProperties files, OpenEnosProperties props) {
        return create(files, props.dataDir());
    }

    static FileStore create(FileStoreProperties files, java.nio.file.Path dataDir) {
        return switch (files.store().strip().toLowerCase(Locale.ROOT)) {
            case "local" -> new LocalFileStore(dataDir);
            case "s3" -> S3FileStore.connect(files.s3());
            default -> throw new IllegalArgumentException("openenos.files.store must be local or s3, is "
                    + files.store());
        };
    }

    /** DOWN while the object store does not answer: uploads and downloads of firmware and files fail meanwhile. */
    @Bean
    HealthIndicator fileStoreHealth(FileStore store) {
        return () -> (store.reachable() ? Health.up() : Health.down()).withDetail("store", store.describe()).build();
    }
}
