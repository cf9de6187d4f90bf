package org.openenos.server;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /actuator/health} on the API port, where load balancers, the docs and the scripts look for it, while the
 * rest of the actuator (metrics, Prometheus) is served on the management port bound to localhost. The answer is the
 * actuator's own: the same body (details as {@code management.endpoint.health.show-details} says) and status code
 * (503 when DOWN or OUT_OF_SERVICE).
 */
@RestController
class ApiPortHealth {
    private final HealthEndpoint health;
    private final HttpCodeStatusMapper statusCodes;

    ApiPortHealth(HealthEndpoint health, HttpCodeStatusMapper statusCodes) {
        this.health = health;
        this.statusCodes = statusCodes;
    }

    @GetMapping(path = "/actuator/health", produces = {"application/vnd.spring-boot.actuator.v3+json",
            MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<HealthDescriptor> health() {
        HealthDescriptor descriptor = health.health();
        return ResponseEntity.status(statusCodes.getStatusCode(descriptor.getStatus()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(descriptor);
    }
}
