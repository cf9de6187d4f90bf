package org.openenos.server;

import java.time.Clock;
import org.openenos.audit.AuditLog;
import org.openenos.dashboard.DashboardService;
import org.openenos.dashboard.postgres.PostgresDashboardStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The portal's dashboards, stored next to the other metadata in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class DashboardConfiguration {

    @Bean
    DashboardService dashboardService(JdbcClient jdbc, AuditLog audit, Clock clock) {
        return new DashboardService(new PostgresDashboardStore(jdbc), audit, clock);
    }
}
