package org.openenos.streaming.flink;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.openenos.streaming.StreamDirectory;

/**
 * The registry look-ups of a template's operator, chosen when the operator opens (ADR 0129): embedded, the server's
 * own registry, found through the engine key in this JVM; on a session cluster, where the TaskManager has no
 * registry, the job's copy of the directory topic its parameters name. The operators are the same either way.
 */
final class JobDirectory {
    private JobDirectory() {
    }

    static StreamDirectory of(String engineKey, RuntimeContext context) {
        Map<String, String> params = context.getGlobalJobParameters();
        if (params.containsKey(KafkaStreamDirectory.TOPIC)) {
            context.registerUserCodeClassLoaderReleaseHookIfAbsent("openenos-directory",
                    KafkaStreamDirectory::closeAll);
            return KafkaStreamDirectory.open(params);
        }
        return new EngineDirectory(engineKey);
    }

    /** The engine's registry, looked up at each call as before (the engine may register it after a job opened). */
    private record EngineDirectory(String engineKey) implements StreamDirectory {
        @Override
        public String timezone(String orgId, String assetId) {
            return EngineResources.directory(engineKey).timezone(orgId, assetId);
        }

        @Override
        public Map<String, Object> attributes(String orgId, String assetId) {
            return EngineResources.directory(engineKey).attributes(orgId, assetId);
        }

        @Override
        public List<TreeNode> treeNodes(String orgId, String treeId) {
            return EngineResources.directory(engineKey).treeNodes(orgId, treeId);
        }
    }
}
