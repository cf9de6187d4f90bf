package org.openenos.connectivity.command;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.openenos.model.identity.AssetScope;

/**
 * Where commands are kept so that their outcome can be queried later and commands waiting for an offline device
 * survive a restart. Every state change is written through.
 */
public interface CommandStore {
    void save(CommandRecord record);

    Optional<CommandRecord> find(String commandId);

    /** Commands matching the query, newest first. */
    List<CommandRecord> search(Query query);

    long count(Query query);

    /** Commands not yet in a final state (created or released), to resume them after a restart. */
    List<CommandRecord> unfinished();

    /**
     * @param orgId    required: commands of one organization only
     * @param assetId  optional device filter
     * @param state    optional state filter
     * @param from     optional lower bound of the creation time (inclusive)
     * @param to       optional upper bound of the creation time (exclusive)
     * @param scope    the devices under these nodes of asset trees only; the whole organization when null
     */
    record Query(String orgId, String assetId, CommandState state, Instant from, Instant to, int offset, int limit,
                 AssetScope scope) {
        public Query {
            scope = scope == null ? AssetScope.ORGANIZATION : scope;
        }

        public Query(String orgId, String assetId, CommandState state, Instant from, Instant to, int offset,
                     int limit) {
            this(orgId, assetId, state, from, to, offset, limit, AssetScope.ORGANIZATION);
        }
    }
}
