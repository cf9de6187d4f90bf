package org.openenos.connectivity.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.openenos.connectivity.command.CommandRecord;
import org.openenos.connectivity.command.CommandState;
import org.openenos.connectivity.command.CommandStore;
import org.openenos.registry.postgres.Json;
import org.openenos.registry.postgres.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Commands in table {@code device_commands} (migration V40); one upsert per state change. */
public final class PostgresCommandStore implements CommandStore {
    private final JdbcClient jdbc;

    public PostgresCommandStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(CommandRecord c) {
        jdbc.sql("""
                INSERT INTO device_commands (command_id, org_id, asset_id, product_key, device_key, method, topic,
                    input_data, sync, state, output_data, reply_code, reply_message, create_time, update_time,
                    expire_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, ?, CAST(? AS JSONB), ?, ?, ?, ?, ?)
                ON CONFLICT (command_id) DO UPDATE SET state = EXCLUDED.state, output_data = EXCLUDED.output_data,
                    reply_code = EXCLUDED.reply_code, reply_message = EXCLUDED.reply_message,
                    update_time = EXCLUDED.update_time""")
                .params(c.commandId(), c.orgId(), c.assetId(), c.productKey(), c.deviceKey(), c.method(), c.topic(),
                        Json.write(c.inputData()), c.sync(), c.state().code(), Json.write(c.outputData()),
                        c.replyCode(), c.replyMessage(), Sql.ts(c.createTime()), Sql.ts(c.updateTime()),
                        Sql.ts(c.expireTime()))
                .update();
    }

    @Override
    public Optional<CommandRecord> find(String commandId) {
        return jdbc.sql("SELECT * FROM device_commands WHERE command_id = ?").param(commandId)
                .query(PostgresCommandStore::map).optional();
    }

    @Override
    public List<CommandRecord> search(Query q) {
        Where where = where(q);
        return jdbc.sql("SELECT * FROM device_commands" + where.sql()
                        + " ORDER BY create_time DESC, command_id DESC OFFSET ? LIMIT ?")
                .params(where.params(q.offset(), q.limit())).query(PostgresCommandStore::map).list();
    }

    @Override
    public long count(Query q) {
        Where where = where(q);
        return jdbc.sql("SELECT count(*) FROM device_commands" + where.sql()).params(where.params())
                .query(Long.class).single();
    }

    @Override
    public List<CommandRecord> unfinished() {
        return jdbc.sql("SELECT * FROM device_commands WHERE state IN (1, 4)").query(PostgresCommandStore::map).list();
    }

    private static Where where(Query q) {
        return new Where(q.orgId()).eq("asset_id", q.assetId()).within("asset_id", q.scope())
                .eq("state", q.state() == null ? null : q.state().code())
                .since("create_time", q.from()).before("create_time", q.to());
    }

    private static CommandRecord map(ResultSet rs, int row) throws SQLException {
        int code = rs.getInt("state");
        CommandState state = java.util.Arrays.stream(CommandState.values()).filter(s -> s.code() == code)
                .findFirst().orElse(CommandState.FAILED);
        Integer replyCode = rs.getObject("reply_code") == null ? null : rs.getInt("reply_code");
        return new CommandRecord(rs.getString("command_id"), rs.getString("org_id"), rs.getString("asset_id"),
                rs.getString("product_key"), rs.getString("device_key"), rs.getString("method"), rs.getString("topic"),
                Json.read(rs.getString("input_data"), Object.class), rs.getBoolean("sync"), state,
                Json.read(rs.getString("output_data"), Object.class), replyCode, rs.getString("reply_message"),
                Sql.instant(rs, "create_time"), Sql.instant(rs, "update_time"), Sql.instant(rs, "expire_time"));
    }
}
