package org.openenos.server;

import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /actuator/health} on the API port, where load balancers, the docs and the scripts look for it, while the
 * rest of the actuator (metrics, Prometheus) is served on the management port bound to localhost. The answer is the
 * actuator's own for an anonymous caller: the same body (details only as
 * {@code management.endpoint.health.show-details} allows) and status code (503 when DOWN or OUT_OF_SERVICE).
 */
@RestController
class ApiPortHealth {
    private final HealthEndpointWebExtension health;

    ApiPortHealth(HealthEndpointWebExtension health) {
        this.health = health;
    }

    @GetMapping(path = "/actuator/health", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<HealthDescriptor> health() {
        WebEndpointResponse<HealthDescriptor> answer = health.health(ApiVersion.V3, WebServerNamespace.SERVER,
                SecurityContext.NONE);
        return ResponseEntity.status(answer.getStatus()).body(answer.getBody());
    }
}
