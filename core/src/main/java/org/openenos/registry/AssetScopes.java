package org.openenos.registry;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.openenos.model.identity.AssetScope;

/**
 * Which assets lie within an asset scope (the nodes of asset trees a role is granted over, and everything below
 * them), and which asset a record found by another id belongs to. Asked with many ids at once, answered by one query
 * each; lists and searches apply the same scope inside their own queries instead.
 */
public interface AssetScopes {
    /** Records that belong to one asset and are found by their own id. */
    enum Owned {
        /** a command, by {@code commandId} */
        COMMAND,
        /** an active or history alert, by {@code eventId} */
        ALERT,
        /** a device event, by {@code eventId} */
        DEVICE_EVENT,
        /** a device file, by its id or {@code fileUri} */
        DEVICE_FILE
    }

    /** A device named by its keys. */
    record DeviceKeys(String productKey, String deviceKey) {
        @Override
        public String toString() {
            return productKey + "/" + deviceKey;
        }
    }

    /** The ids of {@code assetIds} that are assets of {@code orgId} within {@code scope}. */
    Set<String> within(String orgId, AssetScope scope, Collection<String> assetIds);

    /** The asset ids of the devices of {@code orgId} among {@code devices}; unknown devices are left out. */
    Map<DeviceKeys, String> deviceAssetIds(String orgId, Collection<DeviceKeys> devices);

    /** The asset each of {@code ids} belongs to, for the records of {@code orgId}; unknown ids are left out. */
    Map<String, String> assetsOf(String orgId, Owned kind, Collection<String> ids);

    /**
     * The assets the filter of each of {@code subIds} names ({@code assetIds}), for the data subscriptions of
     * {@code orgId}: an empty set for a filter that names none (it reaches the whole organization); unknown ids are
     * left out.
     */
    default Map<String, Set<String>> subscriptionAssets(String orgId, Collection<String> subIds) {
        return Map.of();
    }

}
