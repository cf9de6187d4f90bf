package org.openenos.cluster.postgres;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.openenos.cluster.ClusterJobs;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scheduled work once in the cluster with ShedLock's JDBC lock provider on table {@code shedlock} (migration V120).
 * Lock times are the database's, so clocks that differ between nodes do not matter.
 */
public final class ShedLockClusterJobs implements ClusterJobs {
    private final LockProvider locks;
    private final Clock clock;

    public ShedLockClusterJobs(DataSource dataSource, String nodeId, Clock clock) {
        this.locks = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withLockedByValue(nodeId)
                .usingDbTime()
                .build());
        this.clock = clock;
    }

    @Override
    public boolean runOnce(String job, Duration lockAtMostFor, Duration lockAtLeastFor, Runnable work) {
        Optional<SimpleLock> lock = locks.lock(new LockConfiguration(clock.instant(), job, lockAtMostFor,
                lockAtLeastFor));
        if (lock.isEmpty()) {
            return false;
        }
        try {
            work.run();
            return true;
        } finally {
            lock.get().unlock();
        }
    }
}
