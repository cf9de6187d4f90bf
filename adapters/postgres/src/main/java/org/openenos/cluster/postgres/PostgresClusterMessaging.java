package org.openenos.cluster.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.openenos.cluster.ClusterMessage;
import org.openenos.cluster.ClusterMessaging;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messages between nodes over PostgreSQL LISTEN/NOTIFY (ADR 0121): one channel for broadcasts and one per node. A
 * notification's payload is limited to 8000 bytes; a larger message (a command with a big input) is written to
 * {@code cluster_messages} and its id notified instead. One connection of the pool is held for listening, read with
 * pgjdbc's blocking {@code getNotifications(timeout)}; when it breaks, the listener connects again.
 */
public final class PostgresClusterMessaging implements ClusterMessaging {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresClusterMessaging.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String BROADCAST_CHANNEL = "openenos_cluster";
    /** Below the 8000-byte limit with room for the channel name and the server's own framing. */
    static final int MAX_INLINE_BYTES = 7000;
    private static final String SPILLED = "@";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private volatile boolean running;
    private volatile boolean connected;
    private volatile Thread listener;

    public PostgresClusterMessaging(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public void listen(String selfNodeId, Consumer<ClusterMessage> receiver) {
        running = true;
        CountDownLatch first = new CountDownLatch(1);
        listener = Thread.ofPlatform().daemon().name("cluster-listener").start(() -> {
            while (running) {
                try (Connection connection = dataSource.getConnection()) {
                    try (Statement st = connection.createStatement()) {
                        st.execute("LISTEN " + BROADCAST_CHANNEL);
                        st.execute("LISTEN " + channelOf(selfNodeId));
                    }
                    connected = true;
                    first.countDown();
                    PGConnection pg = connection.unwrap(PGConnection.class);
                    while (running) {
                        PGNotification[] notifications = pg.getNotifications(500);
                        if (notifications != null) {
                            for (PGNotification n : notifications) {
                                receive(n.getParameter(), receiver);
                            }
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    connected = false;
                    if (running) {
                        LOG.warn("Cluster message listener lost its connection ({}); connecting again", e.toString());
                        sleep(1000);
                    }
                }
            }
            connected = false;
        });
        try {
            // messages sent once listen() returns must reach this node
            first.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void broadcast(ClusterMessage message) {
        notify(BROADCAST_CHANNEL, message);
    }

    @Override
    public void send(String nodeId, ClusterMessage message) {
        notify(channelOf(nodeId), message);
    }

    @Override
    public boolean connected() {
        return connected;
    }

    @Override
    public void close() {
        running = false;
        Thread t = listener;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** PostgreSQL channel names are identifiers: lower-case letters, digits and underscores, at most 63 bytes. */
    static String channelOf(String nodeId) {
        String clean = nodeId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String channel = "openenos_node_" + clean;
        if (channel.length() > 63) {
            channel = "openenos_node_" + Integer.toHexString(nodeId.hashCode()) + "_"
                    + clean.substring(clean.length() - 30);
        }
        return channel;
    }

    private void notify(String channel, ClusterMessage message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("k", message.kind());
        json.put("s", message.sender());
        json.put("b", message.body());
        String text = JSON.writeValueAsString(json);
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_INLINE_BYTES) {
            long id = jdbc.sql("INSERT INTO cluster_messages (body) VALUES (?) RETURNING id").param(text)
                    .query(Long.class).single();
            // spilled messages are read within milliseconds; an old one was for a node that is gone
            jdbc.sql("DELETE FROM cluster_messages WHERE created_at < now() - interval '10 minutes'").update();
            text = SPILLED + id;
        }
        jdbc.sql("SELECT pg_notify(?, ?)").params(channel, text).query(Object.class).optional();
    }

    @SuppressWarnings("unchecked")
    private void receive(String text, Consumer<ClusterMessage> receiver) {
        try {
            if (text.startsWith(SPILLED)) {
                text = jdbc.sql("SELECT body FROM cluster_messages WHERE id = ?")
                        .param(Long.parseLong(text.substring(1))).query(String.class).optional().orElse(null);
                if (text == null) {
                    return;
                }
            }
            Map<String, Object> json = JSON.readValue(text, Map.class);
            receiver.accept(new ClusterMessage((String) json.get("k"), (String) json.get("s"),
                    (Map<String, Object>) json.get("b")));
        } catch (RuntimeException e) {
            // a message this node cannot read must not stop the channel
            LOG.warn("Ignoring an unreadable cluster message: {}", e.toString());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
