package org.openenos.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.edge.buffer.ForwardLog;
import org.openenos.edge.cloud.SubDevice;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.CloudConfig;
import org.openenos.edge.testkit.FakeCloudLink;
import org.openenos.testkit.Await;

class CloudSessionTest {
    @TempDir
    Path dir;

    @Test
    void after_a_long_outage_the_session_is_back_within_the_backoff_cap_of_the_cloud_returning() throws Exception {
        FakeCloudLink cloud = new FakeCloudLink();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 1 << 20, 1 << 16, false);
             Forwarder forwarder = new Forwarder(cloud, log, 50, 100, new SimpleMeterRegistry())) {
            // 100 ms doubling, capped at 400 ms: uncapped, a 3 s outage would have grown the wait to 3.2 s.
            CloudConfig config = new CloudConfig(null, null, null, null, 100, 400, null, null, null);
            CloudSession session = new CloudSession(cloud, List.of(new SubDevice("pk", "dev0", "s")), forwarder,
                    scheduler, config, c -> { }, ready -> { });
            session.start();
            Await.atMost(Duration.ofSeconds(10)).until("online", session::isOnline);

            cloud.goOffline();
            assertThat(session.isOnline()).isFalse();
            Thread.sleep(3_000);
            cloud.goOnline();
            long back = System.nanoTime();
            Await.atMost(Duration.ofSeconds(10)).until("online again", session::isOnline);
            long millis = Duration.ofNanos(System.nanoTime() - back).toMillis();

            assertThat(millis).as("ms from cloud back to session online").isLessThan(1_000);
            session.close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void a_device_that_recovers_while_the_session_logs_in_is_logged_in_once_the_session_is_up() throws Exception {
        FakeCloudLink cloud = new FakeCloudLink();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (ForwardLog<UploadItem> log = ForwardLog.items(dir, 1 << 20, 1 << 16, false);
             Forwarder forwarder = new Forwarder(cloud, log, 50, 100, new SimpleMeterRegistry())) {
            SubDevice up = new SubDevice("pk", "dev0", "s");
            SubDevice recovering = new SubDevice("pk", "dev1", "s");
            CloudSession session = new CloudSession(cloud, List.of(up, recovering), forwarder, scheduler,
                    CloudConfig.defaults(), c -> { }, ready -> { });
            session.markUnavailable(recovering);
            cloud.duringLogin = () -> {
                cloud.duringLogin = () -> { };
                session.markAvailable(recovering);
            };
            session.start();
            Await.atMost(Duration.ofSeconds(10)).until("online", session::isOnline);

            Await.atMost(Duration.ofSeconds(5)).until("the recovered device logged in",
                    () -> cloud.sessions.contains("login " + recovering));
            assertThat(cloud.sessions).doesNotContain("logout " + recovering);
            session.close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void the_reconnect_cap_defaults_to_a_few_seconds_and_must_not_be_below_the_first_wait() {
        assertThat(CloudConfig.defaults().reconnectMaxMillis()).isEqualTo(5_000);
        assertThatThrownBy(() -> new CloudConfig(null, null, null, null, 2_000, 1_000, null, null, null))
                .hasMessageContaining("cloud.reconnectMaxMillis must be >= reconnectMinMillis");
    }
}
