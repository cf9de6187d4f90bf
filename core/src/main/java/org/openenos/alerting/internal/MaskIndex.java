package org.openenos.alerting.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.alerting.Alert;

/**
 * Active root alerts by asset (rules with {@code isRoot}). An alert on an asset below such an asset in any asset tree
 * is masked by it: its {@code maskedBy} lists the root alerts' event ids, so consoles can show the cause and hide the
 * consequences. Read by every evaluator thread, so it is concurrent.
 */
public final class MaskIndex {
    private final Map<String, Set<String>> rootsByAsset = new ConcurrentHashMap<>();

    public void addRoot(Alert root) {
        rootsByAsset.computeIfAbsent(key(root.orgId(), root.assetId()), k -> ConcurrentHashMap.newKeySet())
                .add(root.eventId());
    }

    public void removeRoot(Alert root) {
        rootsByAsset.computeIfPresent(key(root.orgId(), root.assetId()), (k, ids) -> {
            ids.remove(root.eventId());
            return ids.isEmpty() ? null : ids;
        });
    }

    /** Root alerts active on assets above this alert's asset, in the order of its tree paths. */
    public List<String> masksFor(Alert alert) {
        if (rootsByAsset.isEmpty()) {
            return List.of();
        }
        Set<String> masks = new LinkedHashSet<>();
        for (String path : alert.assetPaths()) {
            for (String ancestor : ancestors(path)) {
                Set<String> roots = rootsByAsset.get(key(alert.orgId(), ancestor));
                if (roots != null) {
                    masks.addAll(roots);
                }
            }
        }
        return List.copyOf(masks);
    }

    /** {@code tree:/a/b/c} → a, b (the asset itself, c, is not its own ancestor). */
    static List<String> ancestors(String path) {
        int colon = path.indexOf(':');
        String[] parts = path.substring(colon + 1).split("/");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) {
            if (!parts[i].isBlank()) {
                out.add(parts[i]);
            }
        }
        return out;
    }

    /** The tree of a path: {@code tree:/a/b} → tree. */
    public static String treeOf(String path) {
        int colon = path.indexOf(':');
        return colon < 0 ? null : path.substring(0, colon);
    }

    private static String key(String orgId, String assetId) {
        return orgId + '\u0000' + assetId;
    }
}
