package org.openenos.telemetry.kafka;

import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * One Kafka broker (combined broker and controller, KRaft) as a process of its own, for tests that kill brokers with
 * SIGKILL: {@code KafkaBrokerMain <config.properties> <clusterId>}. Formats the storage on the first start only, so
 * the same command starts the broker again with its data.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        var props = new Properties();
        try (Reader in = Files.newBufferedReader(config)) {
            props.load(in);
        }
        if (!Files.exists(Path.of(props.getProperty("log.dirs")).resolve("meta.properties"))) {
            int formatted = StorageTool.execute(new String[] {"format", "-t", args[1], "-c", config.toString()},
                    new PrintStream(PrintStream.nullOutputStream()));
            if (formatted != 0) {
                System.err.println("formatting the storage of " + config + " failed");
                System.exit(2);
            }
        }
        var server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "stop-broker"));
        server.startup();
        System.out.println("broker started: " + props.getProperty("advertised.listeners"));
        System.out.flush();
        server.awaitShutdown();
    }
}
