package org.openenos.alerting.internal;

import org.openenos.alerting.AlertAssets;
import org.openenos.alerting.AlertRule;

/** Whether an asset falls in a rule's scope: "all", a whole tree, or the subtree under one node of a tree. */
final class ScopeMatcher {
    private ScopeMatcher() {
    }

    static boolean inScope(AlertRule rule, String assetId, AlertAssets assets) {
        AlertAssets.AssetFacts facts = null;
        for (AlertRule.Scope scope : rule.scope()) {
            if (scope.isAll()) {
                return true;
            }
            if (facts == null) {
                facts = assets.asset(rule.orgId(), assetId).orElse(null);
                if (facts == null) {
                    return false;
                }
            }
            String prefix = scope.treeId() + ":";
            for (String path : facts.paths()) {
                if (path.startsWith(prefix) && (scope.assetId() == null || scope.assetId().isBlank()
                        || (path + "/").contains("/" + scope.assetId() + "/"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
