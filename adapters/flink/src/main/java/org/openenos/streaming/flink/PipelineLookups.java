package org.openenos.streaming.flink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.openenos.streaming.StreamDirectory;
import org.openenos.streaming.pipeline.RecordAttributes;
import org.openenos.streaming.pipeline.StageConfig;

/**
 * The asset, parent and child look-ups of a pipeline: add the asset's attributes, its parent on a tree or its
 * children to the record's {@code attr}. The registry is read through the job's {@link StreamDirectory} (the engine's
 * registry embedded, the directory topic on a session cluster: {@link JobDirectory}), scoped by the record's
 * organization, and what was read is held for the stage's refresh period, so a look-up costs a map read
 * per record and a registry read per asset (or tree) and period. When the registry cannot answer, the held copy is
 * used, or the record passes without the look-up and an error is counted: a look-up never stops the pipeline.
 */
final class PipelineLookups extends RichMapFunction<PipelineRecord, PipelineRecord> {
    private final String engineKey;
    private final String pipelineId;
    private final StageConfig config;
    private transient Map<String, Held<Map<String, Object>>> attributes;
    private transient Map<String, Held<TreeLinks>> trees;
    private transient JobCounters counters;
    private transient StreamDirectory directory;

    PipelineLookups(String engineKey, String pipelineId, StageConfig config) {
        this.engineKey = engineKey;
        this.pipelineId = pipelineId;
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        attributes = new HashMap<>();
        trees = new HashMap<>();
        counters = EngineResources.counters(pipelineId);
        directory = JobDirectory.of(engineKey, getRuntimeContext());
    }

    @Override
    public PipelineRecord map(PipelineRecord r) {
        if (r.isEndMarker()) {
            return r;
        }
        switch (config) {
            case StageConfig.AssetLookup lookup -> {
                Map<String, Object> values = held(attributes, r.orgId + '\u0000' + r.assetId, lookup.refreshMillis(),
                        () -> new HashMap<>(directory.attributes(r.orgId, r.assetId)));
                if (values != null) {
                    values.forEach((k, v) -> {
                        if (v != null && (lookup.attributes().isEmpty() || lookup.attributes().contains(k))) {
                            r.attr.put(RecordAttributes.ASSET_PREFIX + k, String.valueOf(v));
                        }
                    });
                }
            }
            case StageConfig.ParentAssetLookup parent -> {
                TreeLinks links = tree(r.orgId, parent.treeId(), parent.refreshMillis());
                String up = r.assetId;
                for (int i = 0; links != null && up != null && i < parent.levels(); i++) {
                    up = links.parents.get(up);
                }
                if (links != null && up != null) {
                    r.attr.put(RecordAttributes.PARENT, up);
                }
            }
            case StageConfig.ChildAssetLookup child -> {
                TreeLinks links = tree(r.orgId, child.treeId(), child.refreshMillis());
                List<String> children = links == null ? null : links.children.get(r.assetId);
                if (children != null) {
                    r.attr.put(RecordAttributes.CHILDREN, String.join(",", children));
                }
            }
            default -> throw new IllegalStateException("not a look-up: " + config);
        }
        return r;
    }

    private TreeLinks tree(String orgId, String treeId, long refreshMillis) {
        return held(trees, orgId + '\u0000' + treeId, refreshMillis, () -> {
            var links = new TreeLinks(new HashMap<>(), new HashMap<>());
            for (StreamDirectory.TreeNode node : directory.treeNodes(orgId, treeId)) {
                if (node.parentAssetId() != null) {
                    links.parents.put(node.assetId(), node.parentAssetId());
                    links.children.computeIfAbsent(node.parentAssetId(), k -> new ArrayList<>()).add(node.assetId());
                }
            }
            return links;
        });
    }

    private <T> T held(Map<String, Held<T>> cache, String key, long refreshMillis,
                       java.util.function.Supplier<T> read) {
        long now = System.currentTimeMillis();
        Held<T> held = cache.get(key);
        if (held != null && now - held.readAt < refreshMillis) {
            return held.value;
        }
        try {
            T value = read.get();
            cache.put(key, new Held<>(value, now));
            return value;
        } catch (RuntimeException e) {
            counters.errors.incrementAndGet();
            return held == null ? null : held.value;
        }
    }

    private record Held<T>(T value, long readAt) {
    }

    private record TreeLinks(Map<String, String> parents, Map<String, List<String>> children) {
    }
}
