package org.openenos.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.openenos.security.PrivateFiles;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The data directory holds the database, keys, certificates, the telemetry log and the store: only the server's
 * user may enter it (0700), whatever the umask. Runs before any bean creates something inside it. A directory
 * made by an earlier version is tightened too, and so is its {@code keys} tree (directories 0700, files 0600).
 */
@Component
class DataDirectoryPermissions implements BeanFactoryPostProcessor, EnvironmentAware {
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Path dataDir = Binder.get(environment).bind("openenos.data-dir", Path.class).orElse(Path.of("data"));
        try {
            PrivateFiles.createDirectories(dataDir);
            PrivateFiles.restrictDirectory(dataDir);
            Path keys = dataDir.resolve("keys");
            if (Files.isDirectory(keys)) {
                try (Stream<Path> tree = Files.walk(keys)) {
                    for (Path p : tree.toList()) {
                        if (Files.isDirectory(p)) {
                            PrivateFiles.restrictDirectory(p);
                        } else {
                            PrivateFiles.restrictFile(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or protect the data directory " + dataDir, e);
        }
    }
}
