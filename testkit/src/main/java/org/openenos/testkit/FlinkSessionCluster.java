package org.openenos.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flink session cluster for tests: a JobManager and TaskManagers as separate JVM processes on 127.0.0.1, started
 * from the Flink jars of a class path (Maven Central's, nothing installed), with free ports. Only Flink and its
 * dependencies are on their class path: a job brings its own code in its jar, as on a stock cluster. Depends on the
 * JDK alone, so any test module can use it; {@link #flinkClassPath()} takes the Flink jars off the test's class path.
 *
 * <p>Settings: a {@code config.yaml} with 2 slots per TaskManager, bounded memory, and a 10 s heartbeat timeout so
 * that a killed TaskManager is noticed in seconds. Each process logs to a file under the cluster's directory.
 */
public final class FlinkSessionCluster implements AutoCloseable {
    private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    /** The module openings Flink's own scripts give its JVMs (env.java.opts.all of its default configuration). */
    private static final List<String> JVM_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;
    private final Path confDir;
    private final String classPath;
    private final int restPort;
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int started;

    private FlinkSessionCluster(Path dir, List<Path> classPath, int slots) throws IOException {
        this.dir = dir;
        this.confDir = Files.createDirectories(dir.resolve("conf"));
        this.classPath = String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList());
        this.restPort = freePort();
        Files.writeString(confDir.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + freePort(),
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 768m",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.memory.process.size: 1024m",
                "taskmanager.memory.managed.size: 32m",
                "parallelism.default: 1",
                "heartbeat.interval: 2000",
                "heartbeat.timeout: 10000",
                "web.submit.enable: true",
                "metrics.reporters: ''",
                ""));
        // Flink logs through SLF4J: to logback when the class path has it (INFO, not logback's DEBUG default)
        Files.writeString(confDir.resolve("logback.xml"), """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="out"/></root>
                </configuration>
                """);
        this.jobManager = java(List.of("-Xmx512m"), "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of("--configDir", confDir.toString()), "jobmanager");
    }

    /** Starts a JobManager and one TaskManager with {@code slots} task slots; returns once the TaskManager is registered. */
    public static FlinkSessionCluster start(Path dir, List<Path> classPath, int slots, Duration timeout) {
        try {
            var cluster = new FlinkSessionCluster(dir, classPath, slots);
            try {
                cluster.startTaskManager();
                cluster.awaitTaskManagers(1, timeout);
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Flink jars on this JVM's class path, without project classes or the Kafka connector and client. */
    public static List<Path> flinkClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.getFileName().toString().endsWith(".jar"))
                .filter(p -> {
                    String name = p.getFileName().toString();
                    return !name.startsWith("openenos-") && !name.startsWith("flink-connector-kafka")
                            && !name.startsWith("kafka");
                })
                .toList();
    }

    /** The JobManager's REST endpoint, {@code http://127.0.0.1:port}. */
    public String restAddress() {
        return "http://127.0.0.1:" + restPort;
    }

    /** The body of a GET on the JobManager's REST API, for example {@code /jobs/overview}. */
    public String get(String path) {
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(restAddress() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts one more TaskManager process (it registers with the JobManager within seconds). */
    public synchronized void startTaskManager() throws IOException {
        List<String> params = resourceParams();
        List<String> jvm = new ArrayList<>(Arrays.asList(params.get(0).trim().split("\\s+")));
        var args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(Arrays.asList(params.get(1).trim().split("\\s+")));
        taskManagers.add(java(jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args,
                "taskmanager-" + (++started)));
    }

    /** Kills the newest live TaskManager with SIGKILL, as a crash of its machine would; returns its pid. */
    public synchronized long killTaskManager() throws InterruptedException {
        for (int i = taskManagers.size() - 1; i >= 0; i--) {
            Process p = taskManagers.get(i);
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor();
                return p.pid();
            }
        }
        throw new IllegalStateException("no TaskManager is running");
    }

    /** Waits until the JobManager counts {@code count} registered TaskManagers. */
    public void awaitTaskManagers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the JobManager exited; see " + dir.resolve("jobmanager.log"));
            }
            if (taskManagers.stream().noneMatch(Process::isAlive)) {
                // e.g. its RPC system did not start within Pekko's fixed 10 s on a starved machine
                throw new IllegalStateException("every TaskManager exited; see the logs in " + dir);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(restAddress() + "/overview"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = TASK_MANAGERS.matcher(response.body());
                if (response.statusCode() == 200 && m.find()) {
                    seen = Integer.parseInt(m.group(1));
                    if (seen == count) {
                        return;
                    }
                }
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException("Flink did not register " + count + " TaskManagers in " + timeout
                + " (last seen " + seen + "); logs in " + dir);
    }

    /** JVM options and dynamic properties of a TaskManager, computed by Flink from the configuration. */
    private List<String> resourceParams() throws IOException {
        Path out = dir.resolve("tm-resources.out");
        Process p = new ProcessBuilder(javaCommand(), "-cp", classPath,
                "org.apache.flink.runtime.util.bash.BashJavaUtils", "GET_TM_RESOURCE_PARAMS",
                "--configDir", confDir.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("BashJavaUtils failed; see " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> results = Files.readAllLines(out).stream().filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length())).toList();
        if (results.size() < 2) {
            throw new IllegalStateException("unexpected output of BashJavaUtils; see " + out);
        }
        return results.subList(results.size() - 2, results.size());
    }

    private Process java(List<String> jvmOptions, String mainClass, List<String> args, String name)
            throws IOException {
        var command = new ArrayList<String>();
        command.add(javaCommand());
        command.addAll(jvmOptions);
        command.addAll(JVM_OPENS);
        command.add("-Dlog.file=" + dir.resolve(name + ".flink.log"));
        command.add("-Dlogback.configurationFile=" + confDir.resolve("logback.xml"));
        // without logback on the class path SLF4J's simple logger writes the logs: with times too, so that a slow
        // savepoint or restart can be timed from them
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    @Override
    public synchronized void close() {
        for (Process p : taskManagers) {
            p.destroyForcibly();
        }
        jobManager.destroyForcibly();
        for (Process p : taskManagers) {
            p.onExit().join();
        }
        jobManager.onExit().join();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
