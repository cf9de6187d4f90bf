package org.openenos.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;

/** Persistence of devices (their asset part lives in the {@link AssetStore}); secrets are encrypted by the store. */
public interface DeviceStore {
    /**
     * {@code expression} is the EnOS filter (may be null); the other criteria are joined to it with AND.
     * {@code scope} keeps only devices under the caller's asset-tree nodes (null: the whole organization).
     */
    record Query(String orgId, String productKey, DeviceStatus status, String gatewayAssetId, String nameLike,
                 Map<String, String> tags, org.openenos.query.FilterExpression expression, int offset, int limit,
                 org.openenos.model.identity.AssetScope scope) {
        public Query(String orgId, String productKey, DeviceStatus status, String gatewayAssetId, String nameLike,
                     Map<String, String> tags, org.openenos.query.FilterExpression expression, int offset,
                     int limit) {
            this(orgId, productKey, status, gatewayAssetId, nameLike, tags, expression, offset, limit, null);
        }
    }

    void insertAll(List<Device> devices);

    Optional<Device> find(String assetId);

    Optional<Device> find(String productKey, String deviceKey);

    List<Device> search(Query query);

    long count(Query query);

    void update(Device device);

    boolean delete(String assetId);

    /** Gives the device a new key and secret and makes it not activated again; the asset and its data stay. */
    void replaceKey(String assetId, String deviceKey, String deviceSecret);

    void updateConnection(String assetId, DeviceStatus status, Instant activeTime, Instant onlineTime,
                          Instant offlineTime);

    long countByProduct(String productKey);
}
