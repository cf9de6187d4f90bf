package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The API reference ({@code /v3/api-docs}) names every EnOS action, not only one per path: EnOS puts the operation
 * in the query (enos-protocol.md §6 "URL: https://{apigw}/{service}/{version}/{resource}?action=&lt;verb&gt;
 * &amp;orgId=…").
 */
class ApiReferenceTest extends ServerTestBase {
    @Test
    void theReferenceListsTheActionsOfTheConnectionAndAlertApis() {
        var r = ApiClient.execute(HttpRequest.newBuilder(URI.create(base() + "/v3/api-docs")).GET().build());
        assertThat(r.status()).isEqualTo(200);
        JsonNode paths = r.body().path("paths");
        assertThat(actions(paths, "/connect-service/v2.1/products"))
                .contains("create", "setScript", "getScript", "deleteScript", "testScript");
        assertThat(actions(paths, "/connect-service/v2.1/devices")).contains("create", "replaceDevice");
        assertThat(actions(paths, "/connect-service/v2.1/measurepoints")).contains("queryLatest");
        assertThat(actions(paths, "/connect-service/v2.1/integration"))
                .contains("postMeasurepoint", "postEvent", "postAttribute");
        assertThat(actions(paths, "/connect-service/v2.1/files")).contains("upload", "download", "delete");
        assertThat(actions(paths, "/connect-service/v2.1/device-logs")).contains("search");
        assertThat(actions(paths, "/event-service/v2.1/active-alerts"))
                .contains("create", "batchCreate", "updateTags", "batchUpdateTags");
        assertThat(actions(paths, "/event-service/v2.1/history-alerts")).contains("create", "updateTags");
        assertThat(paths.has("/apim-token-service/v2.0/token/refresh")).isTrue();
        assertThat(paths.path("/connect-service/v2.1/products").path("post").path("description").asString())
                .contains("testScript");
    }

    private static List<String> actions(JsonNode paths, String path) {
        List<String> names = new ArrayList<>();
        for (JsonNode parameter : paths.path(path).path("post").path("parameters")) {
            if ("action".equals(parameter.path("name").asString())) {
                parameter.path("schema").path("enum").forEach(v -> names.add(v.asString()));
            }
        }
        return names;
    }
}
