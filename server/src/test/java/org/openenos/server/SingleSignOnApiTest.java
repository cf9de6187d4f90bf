package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on through a real OpenID Connect provider (Spring Authorization Server, started by the test): the
 * browser is sent to the provider, signs in on its form and comes back with a code, which the server redeems with
 * PKCE for the user's identity and groups; it provisions the user, sets their roles from the groups, and issues its
 * own bearer token, which the API then accepts.
 */
class SingleSignOnApiTest extends ServerTestBase {
    private static OidcTestProvider provider;

    @BeforeEach
    void providerRunning() {
        if (provider == null) {
            provider = OidcTestProvider.start(base() + "/sso/oidc/callback", "org-a", "org-b");
        }
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }

    private String configure(Tenant t, String clientId, List<Map<String, Object>> mappings) {
        var created = t.orgAdmin().post("/iam-service/v2.1/sso-providers", Map.of("action", "create", "orgId",
                t.orgId()), Map.of("name", "Corporate " + clientId, "issuer", provider.issuer, "clientId", clientId,
                "clientSecret", OidcTestProvider.secretOf(clientId), "scopes", List.of("openid", "profile"),
                "groupClaim", "groups", "mappings", mappings));
        assertThat(created.ok()).as(created.toString()).isTrue();
        assertThat(created.data().has("clientSecret")).isFalse();
        return created.data().path("providerId").asString();
    }

    private static Map<String, Object> mapping(String group, String roleId) {
        return Map.of("group", group, "roleId", roleId);
    }

    private ApiClient.Response me(ApiClient c) {
        return c.post("/iam-service/v2.1/users", Map.of("action", "me"), null);
    }

    private List<String> rolesOf(Tenant t, String userId) {
        var all = t.orgAdmin().post("/iam-service/v2.1/role-assignments", Map.of("action", "search", "orgId",
                t.orgId()), null);
        assertThat(all.ok()).as(all.toString()).isTrue();
        List<String> roles = new java.util.ArrayList<>();
        all.data().forEach(a -> {
            if (userId.equals(a.path("userId").asString())) {
                roles.add(a.path("roleId").asString());
            }
        });
        return roles;
    }

    @Test
    void aUserSignsInThroughTheProviderIsProvisionedAndCallsTheApiWithTheIssuedToken() throws Exception {
        Tenant t = newTenant();
        String pid = configure(t, "org-a", List.of(mapping("operators", "OPERATOR"), mapping("viewers", "VIEWER")));
        OidcTestProvider.GROUPS.put("ana", List.of("operators"));

        var landing = OidcTestProvider.signIn(base(), t.orgId(), pid, "ana");
        assertThat(landing.error()).isNull();
        assertThat(landing.fragment()).containsEntry("orgId", t.orgId());
        ApiClient ana = ApiClient.bearer(base(), landing.token());
        var me = me(ana);
        assertThat(me.ok()).as(me.toString()).isTrue();
        assertThat(me.data().path("name").asString()).startsWith("ana");
        assertThat(me.data().path("orgId").asString()).isEqualTo(t.orgId());
        String userId = me.data().path("id").asString();
        assertThat(rolesOf(t, userId)).containsExactly("OPERATOR");
        var model = ana.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("sso_" + System.nanoTime()));
        assertThat(model.ok()).as(model.toString()).isTrue();

        // the groups change at the provider: the next sign-in is the same user with the new roles
        OidcTestProvider.GROUPS.put("ana", List.of("viewers"));
        ApiClient again = ApiClient.bearer(base(), OidcTestProvider.signIn(base(), t.orgId(), pid, "ana").token());
        assertThat(me(again).data().path("id").asString()).isEqualTo(userId);
        assertThat(rolesOf(t, userId)).containsExactly("VIEWER");
        var refused = again.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId",
                t.orgId()), simpleModel("sso_" + System.nanoTime()));
        assertThat(refused.code()).isEqualTo(99403);

        // no group that maps to a role: no sign-in
        OidcTestProvider.GROUPS.put("ana", List.of("contractors"));
        assertThat(OidcTestProvider.signIn(base(), t.orgId(), pid, "ana").error())
                .contains("none of your groups");
    }

    @Test
    void aGroupMappedToAScopedCustomRoleSeesAndIsAuthorizedForTheAssetsUnderItsSiteOnly() throws Exception {
        var fleet = AssetScopeApiTest.Fleet.create(newTenant(), "sso_scoped");
        Tenant t = fleet.tenant();
        String roleId = t.orgAdmin().post("/iam-service/v2.1/roles", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("name", "Site operator", "permissions", AssetScopeApiTest.SITE_OPERATOR)).data()
                .path("roleId").asString();
        String pid = configure(t, "org-a", List.of(Map.of("group", "site-a", "roleId", roleId, "scope",
                List.of(Map.of("treeId", fleet.treeId(), "assetId", fleet.siteA())))));
        OidcTestProvider.GROUPS.put("carla", List.of("site-a"));

        ApiClient carla = ApiClient.bearer(base(), OidcTestProvider.signIn(base(), t.orgId(), pid, "carla").token());
        var devices = carla.post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", t.orgId()),
                Map.of());
        assertThat(devices.ok()).as(devices.toString()).isTrue();
        assertThat(devices.data().findValuesAsString("assetId")).containsExactly(fleet.deviceA());
        var outside = carla.post("/connect-service/v2.1/devices", Map.of("action", "get", "orgId", t.orgId(),
                "assetId", fleet.deviceB()), null);
        assertThat(outside.code()).isEqualTo(99403);

        // the app-portal queries answer from the same scope
        var inScope = carla.post("/app-portal-service/v2.2/user/authorization/asset/check", Map.of(),
                Map.of("assetIds", List.of(fleet.deviceA(), fleet.siteA())));
        assertThat(inScope.data().asBoolean()).as(inScope.toString()).isTrue();
        var mixed = carla.post("/app-portal-service/v2.2/user/authorization/asset/check", Map.of(),
                Map.of("assetIds", List.of(fleet.deviceA(), fleet.deviceB())));
        assertThat(mixed.data().asBoolean()).as(mixed.toString()).isFalse();
        String carlaId = me(carla).data().path("id").asString();
        var listed = t.app().post("/app-portal-service/v2.2/user/asset/list", Map.of(),
                Map.of("userId", carlaId, "orgId", t.orgId(), "pagination", Map.of("pageNo", 0, "pageSize", 100)));
        assertThat(listed.ok()).as(listed.toString()).isTrue();
        assertThat(listed.data().path("assets").findValuesAsString("id"))
                .containsExactlyInAnyOrder(fleet.siteA(), fleet.deviceA());
        assertThat(listed.data().path("pagination").path("totalElements").asLong()).isEqualTo(2);
    }

    @Test
    void withPasswordsTurnedOffTheOrganizationsUsersSignInThroughTheProviderOnlyAndTheSuperAdministratorStillCan()
            throws Exception {
        Tenant t = newTenant();
        var tooEarly = t.orgAdmin().post("/iam-service/v2.1/sign-in-policy", Map.of("action", "update", "orgId",
                t.orgId()), Map.of("passwordSignIn", false));
        assertThat(tooEarly.code()).as("no provider yet").isEqualTo(99400);
        String pid = configure(t, "org-a", List.of(mapping("staff", "OPERATOR")));
        String local = "local-" + System.nanoTime();
        var created = t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", local, "password", "Local-Password-1", "role", "VIEWER"));
        assertThat(created.ok()).as(created.toString()).isTrue();

        var off = t.orgAdmin().post("/iam-service/v2.1/sign-in-policy", Map.of("action", "update", "orgId",
                t.orgId()), Map.of("passwordSignIn", false));
        assertThat(off.ok()).as(off.toString()).isTrue();
        assertThat(off.data().path("passwordSignIn").asBoolean()).isFalse();

        var login = ApiClient.anonymous(base()).post("/iam-service/v2.1/users", Map.of("action", "login"),
                Map.of("username", local, "password", "Local-Password-1"));
        assertThat(login.code()).isEqualTo(99403);
        assertThat(login.body().path("msg").asString()).contains("password sign-in is turned off");
        var enosLogin = ApiClient.anonymous(base()).post("/enos-iam-service/v2.0/login", Map.of(),
                Map.of("authType", 0, "principal", local, "credentials", "Local-Password-1"));
        assertThat(enosLogin.code()).isEqualTo(99403);

        OidcTestProvider.GROUPS.put("dario", List.of("staff"));
        assertThat(OidcTestProvider.signIn(base(), t.orgId(), pid, "dario").token()).isNotBlank();
        // the break-glass account: the super-administrator signs in with a password and turns passwords back on
        var on = admin().post("/iam-service/v2.1/sign-in-policy", Map.of("action", "update", "orgId", t.orgId()),
                Map.of("passwordSignIn", true));
        assertThat(on.ok()).as(on.toString()).isTrue();
        assertThat(ApiClient.user(base(), local, "Local-Password-1")).isNotNull();
    }

    @Test
    void anIdentityFromAnotherOrganizationsProviderNeverGrantsAccessToThisOne() throws Exception {
        Tenant a = newTenant();
        Tenant b = newTenant();
        String pidA = configure(a, "org-a", List.of(mapping("staff", "ORG_ADMIN")));
        String pidB = configure(b, "org-b", List.of(mapping("staff", "ORG_ADMIN")));
        OidcTestProvider.GROUPS.put("eve", List.of("staff"));

        ApiClient eveOfB = ApiClient.bearer(base(), OidcTestProvider.signIn(base(), b.orgId(), pidB, "eve").token());
        assertThat(me(eveOfB).data().path("orgId").asString()).isEqualTo(b.orgId());
        var intoA = eveOfB.post("/connect-service/v2.1/devices", Map.of("action", "search", "orgId", a.orgId()),
                Map.of());
        assertThat(intoA.code()).isEqualTo(99403);
        var usersOfA = eveOfB.post("/iam-service/v2.1/users", Map.of("action", "search", "orgId", a.orgId()), null);
        assertThat(usersOfA.code()).isEqualTo(99403);

        // a code the provider issued for B's client, brought to a sign-in started for A, is refused
        var browser = new OidcTestProvider.Browser();
        var codeForB = browser.follow(base() + "/sso/oidc/start?orgId=" + b.orgId() + "&providerId=" + pidB, "eve",
                true);
        var startA = browser.get(base() + "/sso/oidc/start?orgId=" + a.orgId() + "&providerId=" + pidA);
        String stateA = OidcTestProvider.fragment(java.net.URI.create(startA.headers().firstValue("Location")
                .orElseThrow()).getRawQuery()).get("state");
        var mixed = browser.follow(base() + "/sso/oidc/callback?code=" + codeForB.fragment().get("code")
                + "&state=" + stateA, "eve");
        assertThat(mixed.token()).isNull();
        assertThat(mixed.error()).contains("refused");
    }

    @Test
    void aCallbackWithAStateTheServerDidNotIssueOrFromAnotherBrowserIsRefused() throws Exception {
        Tenant t = newTenant();
        String pid = configure(t, "org-a", List.of(mapping("staff", "VIEWER")));
        OidcTestProvider.GROUPS.put("fay", List.of("staff"));
        var forged = new OidcTestProvider.Browser().follow(base() + "/sso/oidc/callback?code=x&state=forged", "fay");
        assertThat(forged.error()).contains("unknown or expired");

        var victim = new OidcTestProvider.Browser();
        var callback = victim.follow(base() + "/sso/oidc/start?orgId=" + t.orgId() + "&providerId=" + pid, "fay",
                true);
        var attacker = new OidcTestProvider.Browser();
        var replay = attacker.follow(callback.location(), "fay");
        assertThat(replay.error()).contains("another browser");
    }
}
