package org.openenos.streaming.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;

/**
 * Configuration of the MiniCluster: one task manager in the server's JVM with bounded managed and network memory,
 * local RPC, and Flink's web endpoint on a random loopback port (the server's own port serves the API).
 */
final class EmbeddedCluster {
    private EmbeddedCluster() {
    }

    static MiniClusterConfiguration configuration(FlinkEngineConfig config) {
        var conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, config.taskSlots());
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, new MemorySize(config.managedMemoryBytes()));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, new MemorySize(config.networkMemoryBytes()));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, new MemorySize(config.networkMemoryBytes()));
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.host", "127.0.0.1");
        conf.setString("metrics.reporters", "");
        // the server's classes (operators, records) come from the server's class loader, never from a job's jars
        conf.setString("classloader.resolve-order", "parent-first");
        return new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(config.taskSlots())
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .build();
    }
}
