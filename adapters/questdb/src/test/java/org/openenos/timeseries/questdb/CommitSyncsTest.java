package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.questdb.cairo.CommitMode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CommitSyncsTest {
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private final CommitSyncs syncs = new CommitSyncs(INTERVAL);

    @Test
    void commitsSyncUnlessTheyRunUnsyncedOnTheCallingThread() {
        assertThat(syncs.commitMode()).isEqualTo(CommitMode.SYNC);
        int[] inside = new int[2];
        syncs.withoutSync(() -> {
            inside[0] = syncs.commitMode();
            // another thread committing meanwhile (the rollup job, say) still syncs
            inside[1] = CompletableFuture.supplyAsync(syncs::commitMode).join();
        });
        assertThat(inside[0]).isEqualTo(CommitMode.NOSYNC);
        assertThat(inside[1]).isEqualTo(CommitMode.SYNC);
        assertThat(syncs.commitMode()).isEqualTo(CommitMode.SYNC);
    }

    @Test
    void aFailedUnsyncedCommitLeavesLaterCommitsSynced() {
        assertThatThrownBy(() -> syncs.withoutSync(() -> {
            throw new IllegalStateException("disk full");
        })).hasMessage("disk full");
        assertThat(syncs.commitMode()).isEqualTo(CommitMode.SYNC);
    }

    @Test
    void theTableIsSyncedAtTheFirstApplyAndThenOncePerInterval() {
        long t0 = 1_000_000_000L;
        assertThat(syncs.tableSyncDue(t0)).isTrue();
        syncs.tableSynced(t0);
        assertThat(syncs.tableSyncDue(t0 + INTERVAL.toNanos() - 1)).isFalse();
        assertThat(syncs.tableSyncDue(t0 + INTERVAL.toNanos())).isTrue();
    }

    @Test
    void withoutAnIntervalEveryApplySyncsTheTable() {
        var everyBatch = new CommitSyncs(Duration.ZERO);
        long t0 = 1_000_000_000L;
        everyBatch.tableSynced(t0);
        assertThat(everyBatch.tableSyncDue(t0)).isTrue();
        assertThat(everyBatch.tableSyncDue(t0 + 1)).isTrue();
    }
}
