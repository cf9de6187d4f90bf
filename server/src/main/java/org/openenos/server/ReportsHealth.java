package org.openenos.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openenos.reporting.ExportRunner;
import org.openenos.reporting.LocalReportFiles;
import org.openenos.security.PrivateFiles;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health of scheduled exports: DOWN when the reports directory cannot be written (no run could keep its files);
 * a failed run is a detail, not a failure of the server.
 */
@Component
public class ReportsHealth implements HealthIndicator {
    private final LocalReportFiles files;
    private final ExportRunner runner;

    public ReportsHealth(LocalReportFiles files, ExportRunner runner) {
        this.files = files;
        this.runner = runner;
    }

    @Override
    public Health health() {
        Path root = files.root();
        Health.Builder health;
        try {
            PrivateFiles.createDirectories(root);
            health = Files.isWritable(root) ? Health.up() : Health.down().withDetail("reason", "not writable");
        } catch (IOException e) {
            health = Health.down().withDetail("reason", e.toString());
        }
        health.withDetail("directory", root.toString());
        if (runner.lastRun() != null) {
            health.withDetail("lastRun", runner.lastRun().toString());
        }
        if (runner.lastFailure() != null) {
            health.withDetail("lastFailure", runner.lastFailure());
        }
        return health.build();
    }
}
