package org.openenos.subscription.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.openenos.subscription.Subscription;
import org.openenos.subscription.SubscriptionFilter;
import org.openenos.subscription.SubscriptionStore;
import org.openenos.subscription.SubscriptionType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Subscription jobs in table {@code subscriptions} (migration V71); the filter is a JSONB document. */
public final class PostgresSubscriptionStore implements SubscriptionStore {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final String COLUMNS =
            "sub_id, org_id, name, sub_type, filter, access_key, encrypted_secret, create_time, update_time, webhook";

    /** The stored form of a filter. */
    record FilterDocument(Set<String> modelIds, Set<String> assetIds, String treeId, Set<String> pointIds,
                          Set<String> severities) {
    }

    private final JdbcClient jdbc;

    public PostgresSubscriptionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(Subscription s) {
        jdbc.sql("INSERT INTO subscriptions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb)")
                .params(s.subId(), s.orgId(), s.name(), s.type().code(), filter(s.filter()), s.accessKey(),
                        s.encryptedSecret(), s.createdAt().atOffset(ZoneOffset.UTC),
                        s.updatedAt().atOffset(ZoneOffset.UTC), webhook(s))
                .update();
    }

    @Override
    public void update(Subscription s) {
        jdbc.sql("""
                UPDATE subscriptions SET name = ?, filter = ?::jsonb, encrypted_secret = ?, update_time = ?,
                    webhook = ?::jsonb
                WHERE org_id = ? AND sub_id = ?""")
                .params(s.name(), filter(s.filter()), s.encryptedSecret(), s.updatedAt().atOffset(ZoneOffset.UTC),
                        webhook(s), s.orgId(), s.subId())
                .update();
    }

    @Override
    public boolean delete(String orgId, String subId) {
        return jdbc.sql("DELETE FROM subscriptions WHERE org_id = ? AND sub_id = ?").params(orgId, subId)
                .update() > 0;
    }

    @Override
    public Optional<Subscription> find(String orgId, String subId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM subscriptions WHERE org_id = ? AND sub_id = ?")
                .params(orgId, subId).query(PostgresSubscriptionStore::row).optional();
    }

    @Override
    public Optional<Subscription> findById(String subId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM subscriptions WHERE sub_id = ?")
                .param(subId).query(PostgresSubscriptionStore::row).optional();
    }

    @Override
    public List<Subscription> search(String orgId, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM subscriptions WHERE org_id = ? ORDER BY sub_id OFFSET ? LIMIT ?")
                .params(orgId, offset, limit).query(PostgresSubscriptionStore::row).list();
    }

    @Override
    public long count(String orgId) {
        return jdbc.sql("SELECT count(*) FROM subscriptions WHERE org_id = ?").param(orgId).query(Long.class)
                .single();
    }

    @Override
    public List<Subscription> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM subscriptions ORDER BY sub_id")
                .query(PostgresSubscriptionStore::row).list();
    }

    private static String filter(SubscriptionFilter f) {
        return JSON.writeValueAsString(
                new FilterDocument(f.modelIds(), f.assetIds(), f.treeId(), f.pointIds(), f.severities()));
    }

    private static String webhook(Subscription s) {
        return s.webhook() == null ? null : JSON.writeValueAsString(s.webhook());
    }

    private static Subscription row(ResultSet rs, int i) throws SQLException {
        var f = JSON.readValue(rs.getString("filter"), FilterDocument.class);
        return new Subscription(rs.getString("sub_id"), rs.getString("org_id"), rs.getString("name"),
                SubscriptionType.ofCode(rs.getInt("sub_type")).orElseThrow(),
                new SubscriptionFilter(f.modelIds(), f.assetIds(), f.treeId(), f.pointIds(), f.severities()),
                rs.getString("access_key"), rs.getString("encrypted_secret"),
                rs.getObject("create_time", java.time.OffsetDateTime.class).toInstant(),
                rs.getObject("update_time", java.time.OffsetDateTime.class).toInstant(),
                rs.getString("webhook") == null ? null
                        : JSON.readValue(rs.getString("webhook"), Subscription.Webhook.class));
    }
}
