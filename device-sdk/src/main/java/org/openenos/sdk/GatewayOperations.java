package org.openenos.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.protocol.DeviceSigner;
import org.openenos.protocol.SignMethod;
import org.openenos.protocol.TopicKind;

/**
 * What a gateway does for its sub-devices (reference §3.1): topology, sub-device login/logout and device
 * registration. Logged-in sub-devices are remembered and logged in again after a reconnect, as the EnOS SDK does.
 */
public final class GatewayOperations {
    private final DeviceClient client;
    private final Map<DeviceId, SubDevice> online = new ConcurrentHashMap<>();

    GatewayOperations(DeviceClient client) {
        this.client = client;
    }

    /** {@code thing.topo.add}: each entry signed with the sub-device's secret, clientId {@code pk.dk.ts}. */
    public CompletableFuture<Void> addTopo(List<SubDevice> subDevices) {
        List<Map<String, Object>> params = subDevices.stream().map(sub -> {
            String timestamp = Long.toString(System.currentTimeMillis());
            String clientId = sub.productKey() + "." + sub.deviceKey() + "." + timestamp;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("productKey", sub.productKey());
            entry.put("deviceKey", sub.deviceKey());
            entry.put("clientId", clientId);
            entry.put("timestamp", timestamp);
            entry.put("signMethod", "sha256");
            entry.put("sign", sign(sub, clientId, timestamp));
            return entry;
        }).toList();
        return client.call(TopicKind.TOPO_ADD, client.id(), null, params).thenApply(d -> null);
    }

    public CompletableFuture<Void> deleteTopo(List<DeviceId> subDevices) {
        List<Map<String, String>> params = subDevices.stream()
                .map(d -> Map.of("productKey", d.productKey(), "deviceKey", d.deviceKey())).toList();
        return client.call(TopicKind.TOPO_DELETE, client.id(), null, params).thenApply(d -> null);
    }

    public CompletableFuture<List<DeviceId>> getTopo() {
        return client.call(TopicKind.TOPO_GET, client.id(), null, Map.of()).thenApply(data -> {
            List<DeviceId> result = new ArrayList<>();
            if (data instanceof List<?> list) {
                for (Object item : list) {
                    Map<String, Object> map = DeviceClient.asMap(item);
                    result.add(new DeviceId(String.valueOf(map.get("productKey")), String.valueOf(map.get("deviceKey"))));
                }
            }
            return result;
        });
    }

    /** {@code combine.login} in securemode 2; afterwards the gateway may publish on the sub-device's topics. */
    public CompletableFuture<SubDeviceLogin> login(SubDevice sub) {
        String timestamp = Long.toString(System.currentTimeMillis());
        String clientId = sub.productKey() + "." + sub.deviceKey() + "." + timestamp;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("productKey", sub.productKey());
        params.put("deviceKey", sub.deviceKey());
        params.put("clientId", clientId);
        params.put("timestamp", timestamp);
        params.put("signMethod", "sha256");
        params.put("sign", sign(sub, clientId, timestamp));
        params.put("secureMode", "2");
        params.put("cleanSession", "true");
        return client.call(TopicKind.COMBINE_LOGIN, client.id(), null, params).thenApply(data -> {
            online.put(sub.id(), sub);
            return describe(data);
        });
    }

    /** {@code combine.login.batch}: one shared clientId and timestamp for all signs (reference §3.1). */
    public CompletableFuture<BatchLoginResult> loginBatch(List<SubDevice> subDevices) {
        String timestamp = Long.toString(System.currentTimeMillis());
        String clientId = "login.batch";
        List<Map<String, Object>> subs = subDevices.stream().map(sub -> Map.<String, Object>of(
                "productKey", sub.productKey(), "deviceKey", sub.deviceKey(), "secureMode", "2",
                "sign", sign(sub, clientId, timestamp))).toList();
        Map<String, Object> params = Map.of("clientId", clientId, "timestamp", timestamp, "signMethod", "sha256",
                "subDevices", subs);
        return client.request(TopicKind.COMBINE_LOGIN_BATCH, client.id(), null, params).thenApply(reply -> {
            Map<String, Object> data = DeviceClient.asMap(reply.data());
            List<SubDeviceLogin> logged = new ArrayList<>();
            if (data.get("loginedSubDevices") instanceof List<?> list) {
                list.forEach(item -> logged.add(describe(item)));
            }
            List<DeviceId> failed = new ArrayList<>();
            if (data.get("failedSubDevices") instanceof List<?> list) {
                for (Object item : list) {
                    Map<String, Object> map = DeviceClient.asMap(item);
                    failed.add(new DeviceId(String.valueOf(map.get("productKey")), String.valueOf(map.get("deviceKey"))));
                }
            }
            Map<DeviceId, SubDevice> byId = new LinkedHashMap<>();
            subDevices.forEach(sub -> byId.put(sub.id(), sub));
            logged.forEach(l -> {
                SubDevice sub = byId.get(new DeviceId(l.productKey(), l.deviceKey()));
                if (sub != null) {
                    online.put(sub.id(), sub);
                }
            });
            return new BatchLoginResult(logged, failed, reply.code(), reply.message());
        });
    }

    public CompletableFuture<Void> logout(DeviceId sub) {
        online.remove(sub);
        return client.call(TopicKind.COMBINE_LOGOUT, client.id(), null,
                Map.of("productKey", sub.productKey(), "deviceKey", sub.deviceKey())).thenApply(d -> null);
    }

    /** {@code thing.device.register}: creates devices; the answer carries their secrets. */
    public CompletableFuture<List<RegisteredDevice>> register(List<DeviceRegistration> devices) {
        List<Map<String, Object>> params = devices.stream().map(d -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("productKey", d.productKey());
            if (d.deviceKey() != null) {
                entry.put("deviceKey", d.deviceKey());
            }
            entry.put("deviceName", Map.of("defaultValue", d.deviceName() == null ? "" : d.deviceName()));
            if (d.timezone() != null) {
                entry.put("timezone", d.timezone());
            }
            if (d.deviceAttributes() != null) {
                entry.put("deviceAttributes", d.deviceAttributes());
            }
            return entry;
        }).toList();
        return client.call(TopicKind.DEVICE_REGISTER, client.id(), null, params).thenApply(data -> {
            List<RegisteredDevice> result = new ArrayList<>();
            if (data instanceof List<?> list) {
                for (Object item : list) {
                    Map<String, Object> map = DeviceClient.asMap(item);
                    result.add(new RegisteredDevice(str(map, "assetId"), str(map, "productKey"),
                            str(map, "deviceKey"), str(map, "deviceSecret")));
                }
            }
            return result;
        });
    }

    /** The sub-devices this gateway has logged in (and will log in again after a reconnect). */
    public List<DeviceId> online() {
        return List.copyOf(online.keySet());
    }

    CompletableFuture<Void> loginAgain() {
        if (online.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return loginBatch(List.copyOf(online.values())).thenApply(result -> null);
    }

    private static String sign(SubDevice sub, String clientId, String timestamp) {
        return DeviceSigner.sign(Map.of("clientId", clientId, "deviceKey", sub.deviceKey(),
                "productKey", sub.productKey(), "timestamp", timestamp), sub.deviceSecret(), SignMethod.SHA256);
    }

    private static SubDeviceLogin describe(Object data) {
        Map<String, Object> map = DeviceClient.asMap(data);
        return new SubDeviceLogin(str(map, "productKey"), str(map, "deviceKey"), str(map, "assetId"));
    }

    private static String str(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }
}
