package org.openenos.edge.app.upgrade;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * Edge "versions" for tests: a jar holding only a manifest, whose class path is this JVM's (or the given entries)
 * and whose main class says how the version behaves.
 */
public final class LauncherJars {
    private LauncherJars() {
    }

    public static Path jar(Path file, String mainClass, String... classPath) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, mainClass);
        main.put(Attributes.Name.CLASS_PATH, Arrays.stream(classPath)
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return file;
    }

    /** This JVM's class path (what surefire gives the tests). */
    public static String[] testClassPath() {
        return System.getProperty("java.class.path").split(java.io.File.pathSeparator);
    }

    static String[] thisModule() throws URISyntaxException {
        return new String[] {
                Path.of(EdgeHome.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                Path.of(LauncherJars.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString()};
    }

    /** A version that starts and never connects. */
    public static final class Hangs {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** A version that does not start. */
    public static final class Crashes {
        public static void main(String[] args) {
            System.exit(1);
        }
    }

    /** A version that connects (confirms its trial) and then stops. */
    public static final class ConfirmsAndStops {
        public static void main(String[] args) throws IOException {
            new EdgeHome(Path.of(System.getProperty(EdgeLauncher.HOME_PROPERTY))).confirm();
            System.exit(0);
        }
    }

    /** A version that stops at once (the launcher ends with it). */
    public static final class Stops {
        public static void main(String[] args) {
            System.exit(0);
        }
    }
}
