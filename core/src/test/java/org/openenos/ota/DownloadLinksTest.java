package org.openenos.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.testkit.ManualClock;

class DownloadLinksTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DownloadLinks links = new DownloadLinks(new byte[32], "https://iot.example.com/",
            Duration.ofHours(1), clock);
    private final Firmware firmware = new Firmware("fw1", "org1", "pk", "fw", "2.0", "md5", "00", "00", "00", 1, null,
            null, null, Instant.EPOCH);

    @Test
    void aLinkIsGoodForItsDeviceUntilItExpires() {
        Map<String, String> q = query(links.url(firmware, "pk", "dev1"));
        long expires = Long.parseLong(q.get("expires"));

        assertThat(links.verify("fw1", "pk", "dev1", expires, q.get("signature"))).isTrue();
        clock.advance(Duration.ofMinutes(61));
        assertThat(links.verify("fw1", "pk", "dev1", expires, q.get("signature"))).isFalse();
    }

    @Test
    void noPartOfTheLinkCanBeChanged() {
        String url = links.url(firmware, "pk", "dev1");
        assertThat(url).startsWith("https://iot.example.com" + DownloadLinks.PATH + "fw1?");
        Map<String, String> q = query(url);
        long expires = Long.parseLong(q.get("expires"));
        String signature = q.get("signature");

        assertThat(links.verify("fw1", "pk", "dev2", expires, signature)).isFalse();
        assertThat(links.verify("fw2", "pk", "dev1", expires, signature)).isFalse();
        assertThat(links.verify("fw1", "pk", "dev1", expires + 3600, signature)).isFalse();
        assertThat(new DownloadLinks(anotherKey(), "", Duration.ofHours(1), clock)
                .verify("fw1", "pk", "dev1", expires, signature)).as("another server's key").isFalse();
    }

    private static byte[] anotherKey() {
        byte[] key = new byte[32];
        key[0] = 1;
        return key;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new HashMap<>();
        for (String pair : URI.create(url).getQuery().split("&")) {
            q.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return q;
    }
}
