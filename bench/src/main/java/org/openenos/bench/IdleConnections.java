package org.openenos.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openenos.protocol.DeviceSigner;
import org.openenos.simulator.EnosApiClient;
import org.openenos.protocol.SignMethod;

/**
 * Memory cost of idle device connections: opens N MQTT connections with raw sockets (no client threads, so the
 * generator itself stays small), logs each in as an EnOS device, keeps them idle, and reports the server's resident
 * memory and heap growth per connection. Against Mosquitto the same connections carry only a client id.
 *
 * <pre>
 * java -cp bench/target/openenos-bench-*-exec.jar -Dloader.main=org.openenos.bench.IdleConnections \
 *   org.springframework.boot.loader.launch.PropertiesLauncher --target openenos --api http://127.0.0.1:18080 \
 *   --mqtt-port 11884 --admin-password … --server-pid PID --connections 5000 [--management http://127.0.0.1:9180]
 * </pre>
 */
public final class IdleConnections {
    private IdleConnections() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String target = opts.getOrDefault("target", "openenos");
        int n = Integer.parseInt(opts.getOrDefault("connections", "2000"));
        int port = Integer.parseInt(opts.getOrDefault("mqtt-port", "11883"));
        long pid = Long.parseLong(opts.getOrDefault("server-pid", "0"));
        String api = opts.get("api");
        List<OpenEnosFixture.BenchDevice> devices = target.equals("openenos")
                ? OpenEnosFixture.provision(api, opts.get("admin-password"), n, 1).devices() : List.of();
        Thread.sleep(3000);
        fullGc(pid);
        long rssBefore = ProcessStats.of(pid).rssBytes();
        // the actuator is on the server's management port (127.0.0.1:9180 by default), not on the API port
        String management = api == null ? null : opts.getOrDefault("management", "http://127.0.0.1:9180");
        double heapBefore = heapUsed(management);
        List<SocketChannel> open = new ArrayList<>(n);
        long t0 = System.nanoTime();
        int refused = 0;
        for (int i = 0; i < n; i++) {
            // 127.0.0.x sources spread connections over more ephemeral port ranges
            String source = "127.0.0." + (1 + i / 20_000);
            SocketChannel ch = SocketChannel.open();
            ch.bind(new InetSocketAddress(source, 0));
            ch.connect(new InetSocketAddress("127.0.0.1", port));
            ch.write(ByteBuffer.wrap(target.equals("openenos") ? enosConnect(devices.get(i)) : plainConnect("idle-" + i)));
            ByteBuffer connack = ByteBuffer.allocate(4);
            while (connack.hasRemaining() && ch.read(connack) >= 0) {
                // CONNACK is 4 bytes
            }
            if (connack.get(3) != 0) {
                refused++;
            }
            open.add(ch);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(5000);
        fullGc(pid);
        long rssAfter = ProcessStats.of(pid).rssBytes();
        double heapAfter = heapUsed(management);
        System.out.printf("%s: %d connections (%d refused) opened in %.1f s (%.0f/s)%n", target, n, refused, seconds,
                n / seconds);
        System.out.printf("  server RSS: %.1f MB -> %.1f MB, %.1f KB per connection%n", rssBefore / 1e6,
                rssAfter / 1e6, (rssAfter - rssBefore) / 1024.0 / n);
        if (heapBefore > 0) {
            System.out.printf("  server heap used: %.1f MB -> %.1f MB, %.1f KB per connection%n", heapBefore / 1e6,
                    heapAfter / 1e6, (heapAfter - heapBefore) / 1024.0 / n);
        }
        for (SocketChannel ch : open) {
            ch.close();
        }
    }

    /** A full GC in a JVM server (jcmd), so heap figures count live objects only; a no-op for other servers. */
    private static void fullGc(long pid) throws InterruptedException {
        if (pid <= 0) {
            return;
        }
        try {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                    "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor();
            Thread.sleep(1000);
        } catch (IOException e) {
            // not a JVM or jcmd missing: figures then include garbage
        }
    }

    /** Heap in use on the server, from its Prometheus-style metrics endpoint; 0 when unavailable. */
    private static double heapUsed(String management) {
        if (management == null) {
            return 0;
        }
        try {
            var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(management + "/actuator/metrics/jvm.memory.used?tag=area:heap")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return EnosApiClient.JSON.readTree(r.body()).path("measurements").get(0).path("value").asDouble();
        } catch (IOException | RuntimeException | InterruptedException e) {
            return 0;
        }
    }

    private static byte[] enosConnect(OpenEnosFixture.BenchDevice d) {
        String ts = Long.toString(System.currentTimeMillis());
        String clientId = d.deviceKey() + "|securemode=2,signmethod=sha256,timestamp=" + ts + "|";
        String password = DeviceSigner.sign(Map.of("clientId", d.deviceKey(), "deviceKey", d.deviceKey(),
                "productKey", d.productKey(), "timestamp", ts), d.deviceSecret(), SignMethod.SHA256);
        return connect(clientId, d.deviceKey() + "&" + d.productKey(), password);
    }

    private static byte[] plainConnect(String clientId) {
        return connect(clientId, null, null);
    }

    /** An MQTT 3.1.1 CONNECT packet, clean session, keep-alive 600 s. */
    private static byte[] connect(String clientId, String username, String password) {
        ByteBuffer body = ByteBuffer.allocate(1024);
        putString(body, "MQTT");
        body.put((byte) 4);
        body.put((byte) (0x02 | (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0)));
        body.putShort((short) 600);
        putString(body, clientId);
        if (username != null) {
            putString(body, username);
        }
        if (password != null) {
            putString(body, password);
        }
        body.flip();
        ByteBuffer packet = ByteBuffer.allocate(body.remaining() + 5);
        packet.put((byte) 0x10);
        int len = body.remaining();
        do {
            int b = len % 128;
            len /= 128;
            packet.put((byte) (len > 0 ? b | 0x80 : b));
        } while (len > 0);
        packet.put(body).flip();
        byte[] out = new byte[packet.remaining()];
        packet.get(out);
        return out;
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length);
        b.put(bytes);
    }
}
