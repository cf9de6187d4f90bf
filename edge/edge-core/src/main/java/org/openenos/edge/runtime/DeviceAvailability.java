package org.openenos.edge.runtime;

/**
 * Whether a field device answers, decided from its polls: after {@code offlineAfter} polls in a row without a good
 * value it is in outage, and the first poll with a good value ends the outage. Only the changes are reported, so the
 * caller logs and tells the cloud once per change, never once per failed poll. Used by one poll thread at a time.
 */
public final class DeviceAvailability {
    /** What a poll changed. */
    public enum Change { NONE, WENT_OFFLINE, CAME_BACK }

    private final int offlineAfter;
    private int failedInARow;
    private volatile boolean offline;
    private volatile long offlineSince;

    public DeviceAvailability(int offlineAfter) {
        if (offlineAfter < 1) {
            throw new IllegalArgumentException("offlineAfter must be at least 1: " + offlineAfter);
        }
        this.offlineAfter = offlineAfter;
    }

    /** Records one poll: {@code answered} is true when at least one of its values was good. */
    public Change record(boolean answered, long now) {
        if (answered) {
            failedInARow = 0;
            if (offline) {
                offline = false;
                return Change.CAME_BACK;
            }
            return Change.NONE;
        }
        failedInARow++;
        if (!offline && failedInARow >= offlineAfter) {
            offline = true;
            offlineSince = now;
            return Change.WENT_OFFLINE;
        }
        return Change.NONE;
    }

    public boolean isOffline() {
        return offline;
    }

    /** Epoch milliseconds of the poll that started the current outage. */
    public long offlineSince() {
        return offlineSince;
    }

    public int failedInARow() {
        return failedInARow;
    }
}
