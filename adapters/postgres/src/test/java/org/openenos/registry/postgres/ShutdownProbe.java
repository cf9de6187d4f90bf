package org.openenos.registry.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A process that starts the embedded metadata database and, when it is asked to stop (SIGTERM), writes to it from a
 * shutdown hook a moment later, as the server's components do while the application context closes; then closes the
 * database, as the context does last. It records in {@code <dir>/outcome} whether that write succeeded.
 */
public final class ShutdownProbe {
    private ShutdownProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        MetadataDatabase db = MetadataDatabase.start(new MetadataDatabase.Config(null, null, null,
                dir.resolve("postgres"), 0, 2));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String outcome;
            try {
                Thread.sleep(1_000);
                JdbcClient.create(db.dataSource()).sql("INSERT INTO organizations (org_id, name, create_time) "
                        + "VALUES ('stopping', 'written while stopping', now())").update();
                outcome = "written";
            } catch (Exception e) {
                outcome = "failed: " + e.getMessage();
            }
            try {
                Files.writeString(dir.resolve("outcome"), outcome);
            } catch (java.io.IOException ignored) {
                // the parent reports the missing file
            }
            db.close();
        }, "closing-components"));
        System.out.println("ready");
        System.out.flush();
        Thread.currentThread().join();
    }
}
