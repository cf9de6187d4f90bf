package org.openenos.cluster;

import java.util.Map;
import org.openenos.identity.RoleService;

/**
 * A role or role assignment changed on one node: every other node forgets its cached grants, so the change applies
 * to the holder's next request wherever it lands (not after the cache's time-to-live). A node that misses the
 * message (restarting) starts with an empty cache anyway.
 */
public final class GrantsSync {
    static final String GRANTS = "cache.grants";

    private final Cluster cluster;
    private final RoleService roles;

    public GrantsSync(Cluster cluster, RoleService roles) {
        this.cluster = cluster;
        this.roles = roles;
        cluster.on(GRANTS, message -> roles.forgetGrants());
    }

    public GrantsSync attach() {
        roles.addChangeListener(() -> cluster.broadcast(GRANTS, Map.of("changed", true)));
        return this;
    }
}
