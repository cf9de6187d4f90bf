package org.openenos.server;

import org.openenos.preferences.PreferencesService;
import org.openenos.preferences.postgres.PostgresPreferencesStore;
import org.openenos.registry.AssetService;
import org.openenos.rest.portal.PortalSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the portal needs of the server: users' preferences and the map's tile settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalProperties.class)
public class PortalConfiguration {

    @Bean
    PreferencesService preferencesService(JdbcClient jdbc, AssetService assets) {
        return new PreferencesService(new PostgresPreferencesStore(jdbc), (orgId, assetId) -> {
            try {
                return java.util.Optional.ofNullable(assets.get(orgId, assetId).timezone());
            } catch (org.openenos.error.OpenEnosException e) {
                return java.util.Optional.empty(); // not an asset of this organization
            }
        });
    }

    @Bean
    PortalSettings portalSettings(PortalProperties props) {
        return new PortalSettings(props.tileUrl(), props.tileAttribution(), props.tileMaxZoom());
    }
}
