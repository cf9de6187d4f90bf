package org.openenos.subscription.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.openenos.subscription.SharedSubscriptionLog;
import org.openenos.subscription.SubscriptionMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The subscription logs of several server nodes in the shared metadata database (migration V156, ADR 0082).
 * Appenders take the row lock of each partition they append to (in a fixed order, so two nodes never deadlock) and
 * hold it until their transaction commits: offsets follow commit order. Group memberships are serialized per group by
 * a transaction-scoped advisory lock and timed with the database's clock, so node clocks may differ.
 */
public final class PostgresSharedSubscriptionLog implements SharedSubscriptionLog {
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;

    public PostgresSharedSubscriptionLog(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void create(String subId, int partitions) {
        for (int p = 0; p < partitions; p++) {
            jdbc.sql("INSERT INTO subscription_log_partitions (sub_id, partition) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(subId, p).update();
        }
    }

    @Override
    public void delete(String subId) {
        tx.executeWithoutResult(status -> {
            for (String table : List.of("subscription_log_partitions", "subscription_log_messages",
                    "subscription_group_offsets", "subscription_group_members", "subscription_partition_owners")) {
                jdbc.sql("DELETE FROM " + table + " WHERE sub_id = ?").param(subId).update();
            }
        });
    }

    @Override
    public void append(List<Append> messages) {
        if (messages.isEmpty()) {
            return;
        }
        // sorted by (subscription, partition): every appender locks partitions in the same order
        var byPartition = new TreeMap<String, List<Append>>();
        for (Append a : messages) {
            byPartition.computeIfAbsent(a.subId() + '\u0000' + a.partition(), k -> new ArrayList<>()).add(a);
        }
        tx.executeWithoutResult(status -> {
            var rows = new ArrayList<Object[]>(messages.size());
            for (List<Append> list : byPartition.values()) {
                Append first = list.getFirst();
                var next = jdbc.sql("UPDATE subscription_log_partitions SET next_offset = next_offset + ? "
                                + "WHERE sub_id = ? AND partition = ? RETURNING next_offset")
                        .params(list.size(), first.subId(), first.partition()).query(Long.class).optional();
                if (next.isEmpty()) {
                    continue; // the subscription was deleted meanwhile
                }
                long offset = next.get() - list.size();
                for (Append a : list) {
                    rows.add(new Object[] {a.subId(), a.partition(), offset++, a.timestamp(), a.key(), a.value()});
                }
            }
            template.batchUpdate("INSERT INTO subscription_log_messages (sub_id, partition, msg_offset, append_time, "
                    + "msg_key, msg_value) VALUES (?, ?, ?, ?, ?, ?)", rows);
        });
    }

    @Override
    public List<SubscriptionMessage> read(String subId, int partition, long offset, int max) {
        return jdbc.sql("SELECT msg_offset, append_time, msg_key, msg_value FROM subscription_log_messages "
                        + "WHERE sub_id = ? AND partition = ? AND msg_offset >= ? ORDER BY msg_offset LIMIT ?")
                .params(subId, partition, offset, max)
                .query((rs, row) -> new SubscriptionMessage(subId, partition, rs.getLong(1), rs.getLong(2),
                        rs.getString(3), rs.getString(4)))
                .list();
    }

    @Override
    public List<Range> ranges(String subId) {
        return jdbc.sql("SELECT partition, first_offset, next_offset FROM subscription_log_partitions "
                        + "WHERE sub_id = ? ORDER BY partition")
                .param(subId)
                .query((rs, row) -> new Range(rs.getInt(1), rs.getLong(2), rs.getLong(3)))
                .list();
    }

    @Override
    public Map<String, Map<Integer, Long>> committed(String subId) {
        var result = new LinkedHashMap<String, Map<Integer, Long>>();
        jdbc.sql("SELECT grp, partition, last_consumed FROM subscription_group_offsets WHERE sub_id = ? "
                        + "ORDER BY grp, partition")
                .param(subId)
                .query(rs -> {
                    result.computeIfAbsent(rs.getString(1), g -> new TreeMap<>()).put(rs.getInt(2), rs.getLong(3));
                });
        return result;
    }

    @Override
    public void commit(String subId, String group, Map<Integer, Long> lastConsumed) {
        if (lastConsumed.isEmpty()) {
            return;
        }
        var rows = new ArrayList<Object[]>();
        new TreeMap<>(lastConsumed).forEach((p, offset) -> rows.add(new Object[] {subId, group, p, offset}));
        template.batchUpdate("INSERT INTO subscription_group_offsets (sub_id, grp, partition, last_consumed) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (sub_id, grp, partition) "
                + "DO UPDATE SET last_consumed = EXCLUDED.last_consumed", rows);
    }

    @Override
    public long expire(long cutoffMillis) {
        Long deleted = tx.execute(status -> {
            jdbc.sql("""
                    UPDATE subscription_log_partitions p SET first_offset = cut.first
                    FROM (SELECT p2.sub_id, p2.partition, COALESCE((SELECT m.msg_offset FROM subscription_log_messages m
                            WHERE m.sub_id = p2.sub_id AND m.partition = p2.partition AND m.append_time >= ?
                            ORDER BY m.msg_offset LIMIT 1), p2.next_offset) AS first
                          FROM subscription_log_partitions p2) cut
                    WHERE p.sub_id = cut.sub_id AND p.partition = cut.partition AND cut.first > p.first_offset""")
                    .param(cutoffMillis).update();
            return (long) jdbc.sql("""
                    DELETE FROM subscription_log_messages m USING subscription_log_partitions p
                    WHERE m.sub_id = p.sub_id AND m.partition = p.partition AND m.msg_offset < p.first_offset""")
                    .update();
        });
        return deleted == null ? 0 : deleted;
    }

    @Override
    public Set<Integer> claim(String subId, String group, String memberId, String nodeId, int partitions,
                              Duration ttl) {
        return tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("subscription-group/" + subId + '/' + group)
                    .query(rs -> { });
            jdbc.sql("""
                    INSERT INTO subscription_group_members (sub_id, grp, member_id, node_id, joined_at, seen_at)
                    VALUES (?, ?, ?, ?, clock_timestamp(), clock_timestamp())
                    ON CONFLICT (sub_id, grp, member_id) DO UPDATE SET seen_at = clock_timestamp()""")
                    .params(subId, group, memberId, nodeId).update();
            jdbc.sql("DELETE FROM subscription_group_members WHERE sub_id = ? AND grp = ? "
                            + "AND seen_at < clock_timestamp() - make_interval(secs => ?)")
                    .params(subId, group, ttl.toMillis() / 1000.0).update();
            jdbc.sql("""
                    DELETE FROM subscription_partition_owners o WHERE o.sub_id = ? AND o.grp = ?
                    AND NOT EXISTS (SELECT 1 FROM subscription_group_members m
                                    WHERE m.sub_id = o.sub_id AND m.grp = o.grp AND m.member_id = o.member_id)""")
                    .params(subId, group).update();
            List<String> members = jdbc.sql("SELECT member_id FROM subscription_group_members "
                            + "WHERE sub_id = ? AND grp = ? ORDER BY joined_at, member_id")
                    .params(subId, group).query(String.class).list();
            var owners = new HashMap<Integer, String>();
            jdbc.sql("SELECT partition, member_id FROM subscription_partition_owners WHERE sub_id = ? AND grp = ?")
                    .params(subId, group).query(rs -> {
                        owners.put(rs.getInt(1), rs.getString(2));
                    });
            int n = members.size();
            int index = members.indexOf(memberId);
            int quota = partitions / n + (index < partitions % n ? 1 : 0);
            var mine = new TreeSet<Integer>();
            owners.forEach((p, m) -> {
                if (m.equals(memberId)) {
                    mine.add(p);
                }
            });
            while (mine.size() > quota) {
                int give = mine.pollLast();
                jdbc.sql("DELETE FROM subscription_partition_owners WHERE sub_id = ? AND grp = ? AND partition = ?")
                        .params(subId, group, give).update();
            }
            for (int p = 0; p < partitions && mine.size() < quota; p++) {
                if (!owners.containsKey(p)) {
                    jdbc.sql("INSERT INTO subscription_partition_owners (sub_id, grp, partition, member_id) "
                            + "VALUES (?, ?, ?, ?)").params(subId, group, p, memberId).update();
                    mine.add(p);
                }
            }
            return Set.copyOf(mine);
        });
    }

    @Override
    public void leave(String subId, String group, String memberId) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("subscription-group/" + subId + '/' + group)
                    .query(rs -> { });
            jdbc.sql("DELETE FROM subscription_partition_owners WHERE sub_id = ? AND grp = ? AND member_id = ?")
                    .params(subId, group, memberId).update();
            jdbc.sql("DELETE FROM subscription_group_members WHERE sub_id = ? AND grp = ? AND member_id = ?")
                    .params(subId, group, memberId).update();
        });
    }

    @Override
    public int members(String subId, String group, Duration ttl) {
        return jdbc.sql("SELECT count(*) FROM subscription_group_members WHERE sub_id = ? AND grp = ? "
                        + "AND seen_at >= clock_timestamp() - make_interval(secs => ?)")
                .params(subId, group, ttl.toMillis() / 1000.0).query(Integer.class).single();
    }
}
