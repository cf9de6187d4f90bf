package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The embedded default never loads the S3 client: the file store is chosen in a class loader that has neither the
 * AWS SDK nor the S3 adapter, which works for {@code local} and fails for {@code s3}.
 */
class FileStoreClassLoadingTest {
    @TempDir
    Path dir;

    @Test
    void theLocalStoreWorksWithoutTheS3ClientOnTheClassPath() throws Exception {
        try (URLClassLoader withoutS3 = classPathWithout("awssdk", "adapters/s3", "openenos-adapter-s3")) {
            Object description = Class.forName(Probe.class.getName(), true, withoutS3)
                    .getMethod("describe", String.class, Path.class).invoke(null, "local", dir);
            assertThat(description).isEqualTo("local disk");
        }
    }

    @Test
    void theS3StoreNeedsItSoTheProbeIsMeaningful() throws Exception {
        try (URLClassLoader withoutS3 = classPathWithout("awssdk", "adapters/s3", "openenos-adapter-s3")) {
            try {
                Class.forName(Probe.class.getName(), true, withoutS3).getMethod("describe", String.class, Path.class)
                        .invoke(null, "s3", dir);
                throw new AssertionError("the S3 store was built without its classes");
            } catch (InvocationTargetException e) {
                assertThat(e.getCause()).isInstanceOf(NoClassDefFoundError.class);
            }
        }
    }

    private static URLClassLoader classPathWithout(String... parts) {
        URL[] urls = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Arrays.stream(parts).noneMatch(entry::contains))
                .map(FileStoreClassLoadingTest::url).toArray(URL[]::new);
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs inside the isolated class loader. */
    public static final class Probe {
        public static String describe(String store, Path dataDir) {
            var s3 = new FileStoreProperties.S3("http://127.0.0.1:1", "us-east-1", "b", "k", "s", true, "p",
                    DataSize.ofMegabytes(8));
            try (FileStore files = FileStoreConfiguration.create(new FileStoreProperties(store, s3), dataDir)) {
                return files.describe();
            }
        }
    }
}
