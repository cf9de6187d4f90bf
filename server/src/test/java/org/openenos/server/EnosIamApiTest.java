package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The EnOS IAM v2.0 shapes: log in, session information, an organization, the user's organizations. */
class EnosIamApiTest extends ServerTestBase {

    @Test
    void aUserLogsInReadsTheSessionAndTheirOrganizationInTheEnosIamShapes() {
        Tenant t = newTenant();
        String name = "iam-" + System.nanoTime();
        assertThat(t.orgAdmin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", name, "password", "Iam-Password-1", "role", "OPERATOR")).ok()).isTrue();

        var login = ApiClient.anonymous(base()).post("/enos-iam-service/v2.0/login", Map.of(),
                Map.of("authType", 0, "principal", name, "credentials", "Iam-Password-1", "expireInterval", 7200));
        assertThat(login.body().path("success").asBoolean()).as(login.toString()).isTrue();
        var session = login.body().path("session");
        assertThat(session.path("id").asString()).isNotBlank();
        assertThat(session.path("expires").asLong()).isPositive();
        assertThat(session.path("user").path("name").asString()).isEqualTo(name);
        assertThat(session.path("workingOrganization").path("id").asString()).isEqualTo(t.orgId());
        assertThat(session.path("ssoLogin").asBoolean()).isFalse();

        ApiClient user = ApiClient.bearer(base(), session.path("id").asString());
        var info = user.post("/enos-iam-service/v2.0/session/info", Map.of(), null);
        assertThat(info.body().path("session").path("user").path("organizationId").asString())
                .as(info.toString()).isEqualTo(t.orgId());
        var org = user.post("/enos-iam-service/v2.0/organization/info", Map.of(), Map.of("id", t.orgId()));
        assertThat(org.body().path("organization").path("id").asString()).as(org.toString()).isEqualTo(t.orgId());
        var orgs = user.post("/enos-iam-service/v2.0/user/organization/list", Map.of(), null);
        assertThat(orgs.body().path("organizations").findValuesAsString("id")).containsExactly(t.orgId());
    }

    @Test
    void anotherOrganizationWrongPasswordsAndMissingSessionsAreRefused() {
        Tenant t = newTenant();
        Tenant other = newTenant();
        var foreign = t.orgAdmin().post("/enos-iam-service/v2.0/organization/info", Map.of(),
                Map.of("id", other.orgId()));
        assertThat(foreign.code()).isEqualTo(99403);
        var wrong = ApiClient.anonymous(base()).post("/enos-iam-service/v2.0/login", Map.of(),
                Map.of("authType", 0, "principal", "nobody-" + System.nanoTime(), "credentials", "x"));
        assertThat(wrong.body().path("success").asBoolean()).isFalse();
        assertThat(wrong.code()).isEqualTo(99401);
        var ldap = ApiClient.anonymous(base()).post("/enos-iam-service/v2.0/login", Map.of(),
                Map.of("authType", 1, "principal", "someone", "credentials", "x"));
        assertThat(ldap.code()).isEqualTo(99400);
        var anonymous = ApiClient.anonymous(base()).post("/enos-iam-service/v2.0/session/info", Map.of(), null);
        assertThat(anonymous.status()).isEqualTo(401);
    }
}
