package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.openenos.server.ApiClient;
import org.openenos.server.ServerTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /portal-service/v2.1/preferences}: each user's own time zone and hour format, kept on the server. */
class PortalPreferencesApiTest extends ServerTestBase {
    private static final String PREFS = "/portal-service/v2.1/preferences";

    private static JsonNode body(java.net.http.HttpResponse<String> r) {
        return ApiClient.JSON.readTree(r.body());
    }

    private static java.net.http.HttpResponse<String> put(ApiClient user, String orgId, String json) {
        return user.exchange("PUT", PREFS, Map.of("orgId", orgId), json);
    }

    @Test
    void aUserStartsWithTheBrowserZoneAndKeepsTheSiteZoneChosenResolvedToTheSitesTimezone() {
        Tenant t = newTenant();
        PortalFixture f = PortalFixture.create(t.orgId(), t.orgAdmin(), LiveStreamApiTest.adminUserOf(t),
                simpleModel("prefs_api"));

        JsonNode initial = body(t.orgAdmin().exchange("GET", PREFS, Map.of("orgId", t.orgId()), ""));
        assertThat(initial.path("data").path("timeZone").asString()).isEqualTo("browser");
        assertThat(initial.path("data").path("hour24").asBoolean()).isTrue();

        var saved = put(t.orgAdmin(), t.orgId(),
                "{\"timeZone\":\"site\",\"siteAssetId\":\"" + f.siteAssetId() + "\",\"hour24\":false}");
        assertThat(body(saved).path("code").asInt()).as(saved.body()).isZero();

        JsonNode read = body(t.orgAdmin().exchange("GET", PREFS, Map.of("orgId", t.orgId()), "")).path("data");
        assertThat(read.path("timeZone").asString()).isEqualTo("site");
        assertThat(read.path("siteTimeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(read.path("hour24").asBoolean()).isFalse();
    }

    @Test
    void anUnknownZoneOrASiteOfAnotherOrganizationIsRefusedNamingTheFieldAndChangesNothing() {
        Tenant t = newTenant();
        Tenant other = newTenant();
        PortalFixture theirs = PortalFixture.create(other.orgId(), other.orgAdmin(),
                LiveStreamApiTest.adminUserOf(other), simpleModel("prefs_other"));
        put(t.orgAdmin(), t.orgId(), "{\"timeZone\":\"UTC\",\"hour24\":true}");

        JsonNode badZone = body(put(t.orgAdmin(), t.orgId(), "{\"timeZone\":\"Mars/Base\",\"hour24\":true}"));
        JsonNode foreignSite = body(put(t.orgAdmin(), t.orgId(),
                "{\"timeZone\":\"site\",\"siteAssetId\":\"" + theirs.siteAssetId() + "\",\"hour24\":true}"));

        assertThat(badZone.path("msg").asString()).startsWith("timeZone:");
        assertThat(foreignSite.path("msg").asString()).startsWith("siteAssetId:");
        JsonNode kept = body(t.orgAdmin().exchange("GET", PREFS, Map.of("orgId", t.orgId()), "")).path("data");
        assertThat(kept.path("timeZone").asString()).isEqualTo("UTC");
    }

    @Test
    void theMapSettingsDefaultToTheOfflineBaseLayer() {
        Tenant t = newTenant();
        JsonNode settings = body(t.orgAdmin().exchange("GET", "/portal-service/v2.1/settings", Map.of(), ""));
        assertThat(settings.path("data").path("tileUrl").asString()).isEmpty();
        assertThat(settings.path("data").path("tileMaxZoom").asInt()).isEqualTo(19);
    }
}
