package org.openenos.rest.auth;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.openenos.audit.AuditLog;
import org.openenos.registry.AssetScopes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link AuthorizationInterceptor} in front of every controller. */
@Configuration(proxyBeanMethods = false)
public class AuthorizationConfiguration implements WebMvcConfigurer {
    private final RoutePermissions routes = new RoutePermissions();
    private final AssetBindings bindings = new AssetBindings();
    private final AuthorizationInterceptor interceptor;

    public AuthorizationConfiguration(AuditLog audit, Clock clock, MeterRegistry meters, AssetScopes scopes) {
        this.interceptor = new AuthorizationInterceptor(routes, bindings, new AccessDenials(audit, clock, meters),
                new ScopeGuard(scopes));
    }

    @Bean
    RoutePermissions routePermissions() {
        return routes;
    }

    @Bean
    AssetBindings assetBindings() {
        return bindings;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor);
    }
}
