package org.openenos.server;

import org.openenos.identity.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Creates the super-administrator on first start and tells the operator where everything is. */
@Component
public class StartupReport implements SmartInitializingSingleton, ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);
    private final IdentityService identity;
    private final OpenEnosProperties props;
    private final Environment env;

    public StartupReport(IdentityService identity, OpenEnosProperties props, Environment env) {
        this.identity = identity;
        this.props = props;
        this.env = env;
    }

    /** Runs before the web server opens its port, so the first request can already sign in. */
    @Override
    public void afterSingletonsInstantiated() {
        identity.bootstrapAdmin(props.adminPassword()).ifPresent(generated -> System.out.println("""

                ===============================================================
                  Super-administrator created: user 'admin', password
                      %s
                  It is shown only this once. Set OPENENOS_ADMIN_PASSWORD to
                  choose it yourself on a fresh data directory.
                ===============================================================
                """.formatted(generated)));
    }

    @Override
    public void run(ApplicationArguments args) {
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        String base = "http://localhost:" + port;
        String managementPort = env.getProperty("local.management.port", env.getProperty("management.server.port",
                port));
        String management = "http://" + env.getProperty("management.server.address", "localhost") + ":"
                + managementPort;
        LOG.info("OpenEnOS is up: portal {}/ | API {}/ (docs {}/swagger-ui.html, OpenAPI {}/v3/api-docs) | "
                        + "health {}/actuator/health | metrics {}/actuator/prometheus | MQTT tcp://{}:{} | data in {}",
                base, base, base, base, base, management, props.mqtt().host(), props.mqtt().port(),
                props.dataDir().toAbsolutePath());
    }
}
