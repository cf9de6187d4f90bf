package org.openenos.model.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openenos.model.identity.Permission.Action;
import org.openenos.model.identity.Permission.Resource;

class BuiltInRolePermissionsTest {
    @Test
    void aViewerReadsEverythingButTheAuditLogAndChangesNothing() {
        assertThat(Role.VIEWER.permissions()).allMatch(p -> p.action() == Action.READ)
                .contains(Permission.read(Resource.DEVICES), Permission.read(Resource.TIMESERIES))
                .doesNotContain(Permission.read(Resource.AUDIT));
    }

    @Test
    void anOperatorChangesDataButNotUsersTheOrganizationOrTheAuditLog() {
        assertThat(Role.OPERATOR.permissions())
                .contains(Permission.write(Resource.DEVICES), Permission.write(Resource.COMMANDS),
                        Permission.write(Resource.FIRMWARE), Permission.read(Resource.USERS))
                .doesNotContain(Permission.write(Resource.USERS), Permission.write(Resource.ORGANIZATION),
                        Permission.read(Resource.AUDIT));
    }

    @Test
    void anOrganizationAdministratorHoldsTheWholeCatalogue() {
        assertThat(Role.ORG_ADMIN.permissions()).isEqualTo(Permission.all());
        assertThat(Permission.all()).hasSize(Resource.values().length * Action.values().length);
    }

    @Test
    void permissionsAreWrittenAsResourceColonAction() {
        assertThat(Permission.parse("devices:read")).isEqualTo(Permission.read(Resource.DEVICES));
        assertThat(Permission.parse(" Commands:WRITE ")).isEqualTo(Permission.write(Resource.COMMANDS));
        assertThat(Permission.write(Resource.TIMESERIES).key()).isEqualTo("timeseries:write");
        assertThatThrownBy(() -> Permission.parse("devices:fly")).hasMessageContaining("devices:fly");
        assertThatThrownBy(() -> Permission.parse("devices")).hasMessageContaining("resource:action");
    }

    @Test
    void aScopeIsTheWholeOrganizationOrNodesAndUnitesWithAnother() {
        var site = new AssetScope.Node("t1", "siteA");
        assertThat(AssetScope.of(java.util.List.of())).isEqualTo(AssetScope.ORGANIZATION);
        assertThat(AssetScope.of(java.util.List.of(site)).union(AssetScope.ORGANIZATION).wholeOrganization())
                .isTrue();
        assertThat(AssetScope.of(java.util.List.of(site)).union(AssetScope.of(java.util.List.of(
                new AssetScope.Node("t1", "siteB")))).nodes()).hasSize(2);
    }
}
