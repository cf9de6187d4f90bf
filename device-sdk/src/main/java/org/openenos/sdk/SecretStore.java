package org.openenos.sdk;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** Where a dynamically activated device keeps the secret the server gave it. */
public interface SecretStore {
    Optional<String> load(String productKey, String deviceKey);

    void save(String productKey, String deviceKey, String deviceSecret);

    static SecretStore inMemory() {
        Map<String, String> secrets = new ConcurrentHashMap<>();
        return new SecretStore() {
            @Override
            public Optional<String> load(String productKey, String deviceKey) {
                return Optional.ofNullable(secrets.get(productKey + "/" + deviceKey));
            }

            @Override
            public void save(String productKey, String deviceKey, String deviceSecret) {
                secrets.put(productKey + "/" + deviceKey, deviceSecret);
            }
        };
    }

    /** A properties file, rewritten atomically on each save (owner-only permissions are the caller's business). */
    static SecretStore file(Path path) {
        return new SecretStore() {
            @Override
            public synchronized Optional<String> load(String productKey, String deviceKey) {
                return Optional.ofNullable(read().getProperty(productKey + "/" + deviceKey));
            }

            @Override
            public synchronized void save(String productKey, String deviceKey, String deviceSecret) {
                Properties properties = read();
                properties.setProperty(productKey + "/" + deviceKey, deviceSecret);
                Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
                try {
                    Files.createDirectories(path.toAbsolutePath().getParent());
                    try (Writer out = Files.newBufferedWriter(temporary)) {
                        properties.store(out, "device secrets from dynamic activation");
                    }
                    Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot save device secret to " + path, e);
                }
            }

            private Properties read() {
                Properties properties = new Properties();
                if (Files.exists(path)) {
                    try (Reader in = Files.newBufferedReader(path)) {
                        properties.load(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read device secrets from " + path, e);
                    }
                }
                return properties;
            }
        };
    }
}
