package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK selection that {@code ./mvnw} and {@code ./openenos} share (.mvn/select-jdk.sh), run by {@code sh} against
 * fake Java homes: where the {@code java} on the PATH is 17 and a JDK 21+ is installed beside it, that JDK is used
 * without JAVA_HOME; where there is none, the message says what to install.
 */
class JdkSelectionScriptTest {
    private static final Path SCRIPT = Path.of("..", ".mvn", "select-jdk.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Path jdk17;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void fakeJdks() throws Exception {
        jdk17 = fakeHome("jvm/java-17-openjdk", "17.0.9", true);
        fakeHome("jvm/temurin-21-jdk", "21.0.5", true);
        fakeHome("jvm/temurin-25-jdk", "25.0.1", true);
        fakeHome("jvm/jre-26", "26", false); // a runtime without javac cannot build
    }

    /** A Java home whose {@code java -version} prints the version the way the JDK does. */
    private Path fakeHome(String name, String version, boolean withJavac) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        tool(home.resolve("bin/java"), "echo 'openjdk version \"" + version + "\" 2025-01-01' >&2");
        if (withJavac) {
            tool(home.resolve("bin/javac"), "echo javac " + version);
        }
        return home;
    }

    private static void tool(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run select(String tool, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c",
                "set -euf; . \"$SCRIPT\"; openenos_select_jdk " + tool + " && echo \"$JAVA_HOME\" && command -v java");
        pb.environment().clear();
        pb.environment().put("SCRIPT", SCRIPT.toString());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("PATH", jdk17.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().put("OPENENOS_JDK_CANDIDATES", dir.resolve("jvm") + "/*");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    @Test
    void withJava17OnThePathTheBuildUsesTheNewestInstalledJdk() throws Exception {
        Run run = select("javac", Map.of());
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(dir.resolve("jvm/temurin-25-jdk").toString(),
                dir.resolve("jvm/temurin-25-jdk/bin/java").toString());
    }

    @Test
    void startingNeedsOnlyARuntime() throws Exception {
        Run run = select("java", Map.of());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith(dir.resolve("jvm/jre-26").toString());
    }

    @Test
    void aJavaHomeThatIsRecentEnoughIsKept() throws Exception {
        Run run = select("javac", Map.of("JAVA_HOME", dir.resolve("jvm/temurin-21-jdk").toString()));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith(dir.resolve("jvm/temurin-21-jdk").toString());
    }

    @Test
    void aJavaHomeThatIsTooOldIsPassedOver() throws Exception {
        Run run = select("javac", Map.of("JAVA_HOME", jdk17.toString()));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith(dir.resolve("jvm/temurin-25-jdk").toString());
    }

    @Test
    void withoutAJdk21TheMessageSaysWhatToInstall() throws Exception {
        Run run = select("javac", Map.of("OPENENOS_JDK_CANDIDATES", jdk17.toString()));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("OpenEnOS needs a JDK 21 or newer").contains("(Java 17)")
                .contains("Temurin").contains("openjdk-21-jdk");
    }
}
