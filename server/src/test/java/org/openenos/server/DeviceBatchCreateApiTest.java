package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code devices?action=batchCreate} answers per item: good rows are created, each bad row says why. */
class DeviceBatchCreateApiTest extends ServerTestBase {
    private static final String DEVICES = "/connect-service/v2.1/devices";

    private static Map<String, Object> device(String pk, String key, String name) {
        return Map.of("productKey", pk, "deviceKey", key, "deviceName", Map.of("defaultValue", name));
    }

    @Test
    void validDevicesAreCreatedAndEachInvalidOneIsReportedWithItsPositionCodeAndReason() {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("batch_rows"));
        String pk = t.app().post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("productName", Map.of("defaultValue", "p"), "productType", "Device", "dataFormat", "Json",
                        "modelId", "batch_rows")).data().asString();
        t.app().post(DEVICES, Map.of("action", "create", "orgId", t.orgId()), device(pk, "taken", "Taken"));

        var r = t.app().post(DEVICES, Map.of("action", "batchCreate", "orgId", t.orgId()), Map.of("deviceList",
                List.of(device(pk, "good-1", "Good 1"), device(pk, "taken", "Duplicate of a stored one"),
                        device(pk, "bad key!", "Bad key"), device("no-such-product", "x-1", "No product"),
                        device(pk, "good-2", ""), device(pk, "good-3", "Good 3"),
                        device(pk, "good-3", "Duplicate within the request"))));

        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.body().path("totalSize").asInt()).isEqualTo(7);
        assertThat(r.body().path("successSize").asInt()).isEqualTo(2);
        var items = r.data();
        assertThat(items.get(0).path("code").asInt()).isZero();
        assertThat(items.get(0).path("data").path("assetId").asString()).isNotBlank();
        assertThat(items.get(1).path("code").asInt()).isNotZero();
        assertThat(items.get(1).path("msg").asString()).startsWith("deviceKey:").contains("taken");
        assertThat(items.get(2).path("msg").asString()).startsWith("deviceKey:");
        assertThat(items.get(3).path("msg").asString()).startsWith("productKey:").contains("no-such-product");
        assertThat(items.get(4).path("msg").asString()).startsWith("deviceName");
        assertThat(items.get(5).path("code").asInt()).isZero();
        assertThat(items.get(6).path("msg").asString()).contains("good-3").contains("exists already");
        for (int i : new int[] {1, 2, 3, 4, 6}) {
            assertThat(items.get(i).path("data").isMissingNode()).as("item %d has no device", i).isTrue();
        }

        var search = t.app().post(DEVICES, Map.of("action", "search", "orgId", t.orgId()),
                Map.of("productKey", pk, "pagination", Map.of("pageNo", 1, "pageSize", 100)));
        assertThat(search.data().findValuesAsString("deviceKey"))
                .containsExactlyInAnyOrder("taken", "good-1", "good-3");
    }

    @Test
    void aRequestWithoutAListIsRefusedAsAWhole() {
        Tenant t = newTenant();
        var r = t.app().post(DEVICES, Map.of("action", "batchCreate", "orgId", t.orgId()), Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("msg").asString()).startsWith("deviceList:");
        var empty = t.app().post(DEVICES, Map.of("action", "batchCreate", "orgId", t.orgId()),
                Map.of("deviceList", List.of()));
        assertThat(empty.status()).isEqualTo(400);
    }
}
