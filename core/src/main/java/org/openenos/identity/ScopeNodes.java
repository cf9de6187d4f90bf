package org.openenos.identity;

/** Whether an asset tree node exists in an organization (implemented over the registry, which identity does not see). */
@FunctionalInterface
public interface ScopeNodes {
    boolean exists(String orgId, String treeId, String assetId);
}
