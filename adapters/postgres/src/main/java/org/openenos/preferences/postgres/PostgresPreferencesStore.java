package org.openenos.preferences.postgres;

import java.util.Optional;
import org.openenos.preferences.PreferencesStore;
import org.openenos.preferences.UserPreferences;
import org.openenos.registry.postgres.Json;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Preferences as one JSON document per user (migration V227); a user's deletion removes them. */
public final class PostgresPreferencesStore implements PreferencesStore {
    private final JdbcClient jdbc;

    public PostgresPreferencesStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<UserPreferences> find(String userId) {
        return jdbc.sql("SELECT body FROM user_preferences WHERE user_id = ?").param(userId)
                .query((rs, i) -> Json.read(rs.getString("body"), UserPreferences.class)).optional();
    }

    @Override
    public void save(String userId, UserPreferences preferences) {
        jdbc.sql("""
                INSERT INTO user_preferences (user_id, body, update_time) VALUES (?, ?::jsonb, now())
                ON CONFLICT (user_id) DO UPDATE SET body = EXCLUDED.body, update_time = now()""")
                .params(userId, Json.write(preferences)).update();
    }
}
