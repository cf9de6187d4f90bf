package org.openenos.telemetry.kafka;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link KafkaTestCluster} as a process of its own, for benchmarks and trials of the server on Kafka:
 * {@code KafkaTestClusterMain <nodes> [dataDir]} prints the bootstrap servers and runs until killed.
 */
public final class KafkaTestClusterMain {
    private KafkaTestClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("openenos-kafka");
        KafkaTestCluster cluster = KafkaTestCluster.start(dir, nodes);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        System.out.println("bootstrap.servers=" + cluster.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
