package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The storage policy API: groups, saving and reading a policy, metadata, and another organization kept out. */
class TsdbPolicyApiTest extends ServerTestBase {

    @Test
    void anOrgAdminGroupsAModelSavesAPolicyAndReadsItBack() {
        Tenant t = newTenant();
        var created = t.orgAdmin().post("/tsdb-policy/v2.0/groups", Map.of("orgId", t.orgId(), "action", "create"),
                Map.of("groupName", "plant_A", "modelIds", List.of("inverter")));
        assertThat(created.code()).as(created.toString()).isEqualTo(0);
        String groupId = created.data().path("groupId").asString();

        var saved = t.orgAdmin().post("/tsdb-policy/v2.0/policies/" + groupId + ".AI_NORMALIZED",
                Map.of("orgId", t.orgId()), Map.of("retention", "6M",
                        "models", List.of(Map.of("modelId", "inverter", "points", List.of("power", "temp")))));
        assertThat(saved.code()).as(saved.toString()).isEqualTo(0);

        var policy = t.app().post("/tsdb-policy/v2.0/policies/" + groupId + ".AI_NORMALIZED",
                Map.of("orgId", t.orgId()), null);
        assertThat(policy.data().path("policyType").asString()).isEqualTo("NORMALIZED");
        assertThat(policy.data().path("retention").asString()).isEqualTo("6M");
        assertThat(policy.data().path("models").get(0).path("points").size()).isEqualTo(2);

        var metadata = t.app().post("/tsdb-policy/v2.0/policies", Map.of("orgId", t.orgId(),
                "modelIds", "inverter"), null);
        assertThat(metadata.data().get(0).path("tsdb_metadata").path("power").get(0).asString())
                .isEqualTo("AI_NORMALIZED");

        var badRetention = t.orgAdmin().post("/tsdb-policy/v2.0/policies/" + groupId + ".AI_RAW",
                Map.of("orgId", t.orgId()), Map.of("retention", "2 weeks", "models", List.of()));
        assertThat(badRetention.code()).isEqualTo(80400);

        var otherOrg = newTenant().app().post("/tsdb-policy/v2.0/policies/" + groupId + ".AI_RAW",
                Map.of("orgId", t.orgId()), null);
        assertThat(otherOrg.code()).isEqualTo(99403);
    }
}
