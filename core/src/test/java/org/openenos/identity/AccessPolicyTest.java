package org.openenos.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openenos.model.identity.AssetScope;
import org.openenos.model.identity.Permission;
import org.openenos.model.identity.Permission.Resource;
import org.openenos.model.identity.Role;

class AccessPolicyTest {
    static Principal user(String org, Role role) {
        return new Principal(Principal.Kind.USER, "u1", "u", org, role);
    }

    @Test
    void aPrincipalActsOnlyInItsOwnOrganization() {
        var d = AccessPolicy.decide(user("o1", Role.ORG_ADMIN), "o2", Permission.read(Resource.DEVICES));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("o2");
        assertThat(AccessPolicy.decide(user("o1", Role.VIEWER), "o1", Permission.read(Resource.DEVICES)).allowed())
                .isTrue();
    }

    @Test
    void theSuperAdministratorActsInEveryOrganization() {
        assertThat(AccessPolicy.decide(user(null, Role.SUPER_ADMIN), "o2", Permission.write(Resource.USERS))
                .allowed()).isTrue();
    }

    @Test
    void aViewerIsDeniedWritesWithThePermissionNamed() {
        var d = AccessPolicy.decide(user("o1", Role.VIEWER), "o1", Permission.write(Resource.COMMANDS));
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).contains("commands:write");
    }

    @Test
    void assignedRolesReplaceTheBuiltInRoleAndCarryTheirScopes() {
        var siteA = AssetScope.of(List.of(new AssetScope.Node("t", "siteA")));
        var grants = new Grants(List.of(
                new Grants.Grant("r1", Set.of(Permission.read(Resource.DEVICES), Permission.write(Resource.COMMANDS)),
                        siteA),
                new Grants.Grant("VIEWER", Set.of(Permission.read(Resource.DASHBOARDS)), AssetScope.ORGANIZATION)));
        var p = user("o1", Role.OPERATOR).withGrants(grants);
        assertThat(AccessPolicy.decide(p, "o1", Permission.write(Resource.DEVICES)).allowed()).isFalse();
        assertThat(AccessPolicy.decide(p, "o1", Permission.write(Resource.COMMANDS)).allowed()).isTrue();
        assertThat(grants.scopeOf(Permission.write(Resource.COMMANDS))).isEqualTo(siteA);
        assertThat(grants.scopeOf(Permission.read(Resource.DASHBOARDS)).wholeOrganization()).isTrue();
        assertThat(grants.scopeOf(Permission.write(Resource.USERS)).nodes()).isEmpty();
        assertThat(grants.scopeOf(Permission.write(Resource.USERS)).wholeOrganization()).isFalse();
        assertThat(grants.organizationWide()).isFalse();
    }
}
