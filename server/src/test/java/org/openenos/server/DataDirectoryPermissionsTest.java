package org.openenos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing the server keeps is readable by other users, whatever the umask: the data directory is 0700, and the
 * files the server writes itself (keys, certificates, CA, telemetry log, store state) are 0600 in 0700 directories.
 */
class DataDirectoryPermissionsTest extends ServerTestBase {
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @Test
    void theDataDirectoryIsOwnerOnly() throws Exception {
        admin(); // the server is up and has written its keys
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir()))).isEqualTo("rwx------");
    }

    @Test
    void keysCertificatesTheCaAndTheTelemetryLogAreOwnerOnly() throws Exception {
        admin();
        List<String> open = new ArrayList<>();
        int checked = 0;
        for (String area : new String[]{"keys", "timeseries"}) {
            try (Stream<Path> tree = Files.walk(dataDir().resolve(area))) {
                for (Path p : tree.toList()) {
                    if (area.equals("timeseries") && isQuestDbTableFile(p)) {
                        continue;
                    }
                    checked++;
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (perms.stream().anyMatch(OTHERS::contains)) {
                        open.add(dataDir().relativize(p) + " " + PosixFilePermissions.toString(perms));
                    }
                }
            }
        }
        assertThat(checked).as("files checked").isGreaterThan(5);
        assertThat(open).as("readable by group or others").isEmpty();
    }

    /**
     * The store engine creates its table files itself with fixed modes; its directories are 0700 (they hold the
     * files), so nobody but the owner can reach them.
     */
    private boolean isQuestDbTableFile(Path p) {
        return Files.isRegularFile(p) && p.toString().contains("questdb");
    }

    private static Path dataDir() {
        return DATA_DIR;
    }
}
