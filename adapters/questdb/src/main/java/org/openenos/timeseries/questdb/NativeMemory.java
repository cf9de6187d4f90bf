package org.openenos.timeseries.questdb;

/**
 * The embedded engine's memory outside the Java heap, process-wide (the engine keeps one account for all its
 * stores). It allocates working memory (writer buffers, out-of-order merges, query maps and sorts, symbol tables)
 * with {@code malloc} and maps its column files; only the allocations count against {@link #limit(long)}: mapped
 * pages of files belong to the kernel's page cache and are given back under pressure.
 */
public final class NativeMemory {

    private NativeMemory() {
    }

    /**
     * Caps the engine's allocations at {@code bytes} (0: no cap). An allocation beyond it fails with the engine's
     * out-of-memory error instead of growing the process: a store write fails and is retried from the log (nothing
     * acknowledged is lost), a query fails with an error.
     */
    public static void limit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the native memory limit must not be negative");
        }
        io.questdb.std.Unsafe.setRssMemLimit(bytes);
    }

    /** The cap set with {@link #limit(long)}, 0 when there is none. */
    public static long limit() {
        return io.questdb.std.Unsafe.getRssMemLimit();
    }

    /** Bytes the engine has allocated and not freed: what counts against the cap. */
    public static long allocated() {
        return io.questdb.std.Unsafe.getRssMemUsed();
    }

    /** Bytes of column and index files the engine has mapped (address space; resident only as far as touched). */
    public static long mapped() {
        return Math.max(0, io.questdb.std.Unsafe.getMemUsed() - io.questdb.std.Unsafe.getRssMemUsed());
    }
}
