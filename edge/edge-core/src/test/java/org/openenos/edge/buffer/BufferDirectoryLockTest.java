package org.openenos.edge.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BufferDirectoryLockTest {
    @TempDir
    Path dir;

    /** A second edge process: takes the lock, says so, and holds it until its stdin closes or it is killed. */
    public static final class OtherEdge {
        public static void main(String[] args) throws Exception {
            try (BufferDirectoryLock lock = BufferDirectoryLock.acquire(Path.of(args[0]))) {
                System.out.println("held");
                System.out.flush();
                System.in.read();
            }
        }
    }

    @Test
    void an_edge_started_on_a_buffer_held_by_another_process_fails_at_once_naming_the_directory() throws Exception {
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OtherEdge.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held");

            assertThatThrownBy(() -> BufferDirectoryLock.acquire(dir))
                    .isInstanceOf(BufferDirectoryLock.BufferLockedException.class)
                    .hasMessageContaining(dir.toAbsolutePath().toString())
                    .hasMessageContaining("in use by another edge process");
        } finally {
            other.destroyForcibly();
            assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        // A killed edge leaves no stale lock behind: the next one starts.
        try (BufferDirectoryLock lock = BufferDirectoryLock.acquire(dir)) {
            assertThat(lock).isNotNull();
        }
    }

    @Test
    void a_second_edge_in_the_same_process_is_refused_too_and_the_lock_is_free_again_once_closed() {
        try (BufferDirectoryLock first = BufferDirectoryLock.acquire(dir)) {
            assertThatThrownBy(() -> BufferDirectoryLock.acquire(dir))
                    .isInstanceOf(BufferDirectoryLock.BufferLockedException.class);
        }
        BufferDirectoryLock.acquire(dir).close();
    }
}
