package org.openenos.server;

import java.nio.file.Path;
import java.time.Instant;
import org.openenos.connectivity.mqtt.MqttGateway;
import org.openenos.dashboard.DashboardService;
import org.openenos.identity.ApplicationService;
import org.openenos.identity.IdentityService;
import org.openenos.identity.Principal;
import org.openenos.model.identity.Application;
import org.openenos.model.identity.Organization;
import org.openenos.model.identity.Role;
import org.openenos.simulator.EnosApiClient;
import org.openenos.simulator.FleetFiles;
import org.openenos.simulator.FleetProvisioner;
import org.openenos.simulator.FleetRunner;
import org.openenos.simulator.FleetSpec;
import org.openenos.simulator.FleetSpecs;
import org.openenos.simulator.ProvisionedFleet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Demo mode ({@code openenos.demo.enabled=true}, off by default): once the server is up, creates a demo organization
 * and an application in-process, provisions the demo fleet through the server's own REST API and streams it over
 * real MQTT connections to the server's own device port. The provisioned fleet is kept in
 * {@code <data-dir>/demo/fleet.json}, so a restart streams the same devices again instead of creating new ones.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "openenos.demo.enabled", havingValue = "true")
public class DemoConfiguration {
    static final String ORGANIZATION = "OpenEnOS Demo";
    static final String APPLICATION = "demo-simulator";

    @Bean
    DemoLauncher demoLauncher(IdentityService identity, ApplicationService applications, MqttGateway gateway,
                              OpenEnosProperties props, Environment env, DashboardService dashboards) {
        return new DemoLauncher(identity, applications, gateway, props, env, dashboards);
    }

    static final class DemoLauncher implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
        private static final Logger LOG = LoggerFactory.getLogger(DemoLauncher.class);
        private static final Principal SYSTEM = new Principal(Principal.Kind.USER, "system", "demo", null,
                Role.SUPER_ADMIN);

        private final IdentityService identity;
        private final ApplicationService applications;
        private final MqttGateway gateway;
        private final OpenEnosProperties props;
        private final Environment env;
        private final DashboardService dashboards;
        private volatile FleetRunner runner;

        DemoLauncher(IdentityService identity, ApplicationService applications, MqttGateway gateway,
                     OpenEnosProperties props, Environment env, DashboardService dashboards) {
            this.dashboards = dashboards;
            this.identity = identity;
            this.applications = applications;
            this.gateway = gateway;
            this.props = props;
            this.env = env;
        }

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            LOG.warn("""

                    ##############################################################################
                      DEMO MODE IS ON (openenos.demo.enabled=true): a simulated fleet is being
                      created in organization '{}' and streams data. Not for production.
                    ##############################################################################""", ORGANIZATION);
            Thread.ofPlatform().daemon().name("demo-launcher").start(this::launch);
        }

        private void launch() {
            try {
                Organization org = identity.organizations().stream()
                        .filter(o -> o.name().equals(ORGANIZATION)).findFirst()
                        .orElseGet(() -> identity.createOrganization(SYSTEM, ORGANIZATION,
                                "Simulated wind farm, solar plant and battery"));
                Application app = applications.list(org.orgId()).stream()
                        .filter(a -> a.name().equals(APPLICATION)).findFirst()
                        .orElseGet(() -> applications.create(SYSTEM, org.orgId(), APPLICATION,
                                "Provisions and drives the demo fleet", Role.ORG_ADMIN));
                Path fleetFile = props.dataDir().resolve("demo").resolve("fleet.json");
                ProvisionedFleet fleet = FleetFiles.read(fleetFile).filter(f -> f.orgId().equals(org.orgId()))
                        .orElseGet(() -> {
                            FleetSpec spec = props.demo().fleetFile() == null ? FleetSpecs.demo()
                                    : FleetSpecs.file(props.demo().fleetFile());
                            String api = "http://127.0.0.1:" + env.getProperty("local.server.port", "8080");
                            ProvisionedFleet created = new FleetProvisioner(
                                    new EnosApiClient(api, app.appKey(), app.appSecret()), org.orgId()).provision(spec);
                            FleetFiles.write(fleetFile, created);
                            return created;
                        });
                DemoDashboards.ensure(dashboards, SYSTEM, org.orgId());
                // demo devices take OTA upgrades, downloading over the loopback HTTP port
                runner = new FleetRunner(fleet, "tcp://127.0.0.1:" + gateway.port())
                        .withFirmwareUpdates(java.net.URI.create("http://127.0.0.1:"
                                + env.getProperty("local.server.port", "8080")),
                                props.dataDir().resolve("demo").resolve("firmware"))
                        .start();
                LOG.warn("DEMO MODE: organization '{}' (orgId {}) has {} devices streaming since {}; sign in as "
                        + "'admin' and open the portal", ORGANIZATION, org.orgId(), fleet.devices().size(),
                        Instant.now());
            } catch (RuntimeException | LinkageError e) {
                LOG.error("DEMO MODE could not start", e);
            }
        }

        /** The running fleet, once launched (tests wait for it). */
        FleetRunner runner() {
            return runner;
        }

        @Override
        public void destroy() {
            FleetRunner current = runner;
            if (current != null) {
                current.close();
            }
        }
    }
}
