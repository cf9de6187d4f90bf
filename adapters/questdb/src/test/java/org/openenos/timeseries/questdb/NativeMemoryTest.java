package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.questdb.cairo.CairoException;
import io.questdb.std.MemoryTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cap on the embedded engine's native allocations. (A store write driven into the cap was tried too: the write
 * failed as the store's fault, but the engine aborted the JVM afterwards (SIGABRT) in about half of the runs, so
 * the cap is set far above what writes use; ADR 0135.)
 */
class NativeMemoryTest {
    @AfterEach
    void noCap() {
        NativeMemory.limit(0);
    }

    @Test
    void anAllocationBeyondTheCapFailsAsOutOfMemoryAndOneWithinItSucceeds() {
        NativeMemory.limit(NativeMemory.allocated() + 1024 * 1024);

        assertThatThrownBy(() -> io.questdb.std.Unsafe.malloc(4 * 1024 * 1024, MemoryTag.NATIVE_DEFAULT))
                .isInstanceOfSatisfying(CairoException.class, e -> assertThat(e.isOutOfMemory()).isTrue());
        long small = io.questdb.std.Unsafe.malloc(64 * 1024, MemoryTag.NATIVE_DEFAULT);
        assertThat(NativeMemory.allocated()).isGreaterThanOrEqualTo(64 * 1024);
        io.questdb.std.Unsafe.free(small, 64 * 1024, MemoryTag.NATIVE_DEFAULT);
        assertThat(NativeMemory.limit()).isPositive();
    }
}
