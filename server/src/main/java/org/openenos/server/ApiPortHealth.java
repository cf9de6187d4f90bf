package org.openenos.server;

import java.util.Map;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /actuator/health} on the API port, where load balancers, the docs and the scripts look for it, while the
 * actuator itself (metrics, Prometheus, details) is served on the management port bound to localhost. Only the
 * overall status is shown here; the status code follows the actuator's (503 when DOWN or OUT_OF_SERVICE).
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
    ResponseEntity<Map<String, String>> health() {
        HealthDescriptor descriptor = health.health();
        return ResponseEntity.status(statusCodes.getStatusCode(descriptor.getStatus()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", descriptor.getStatus().getCode()));
    }
}
