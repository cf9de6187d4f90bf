package org.openenos.registry.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.identity.SsoProvider;
import org.openenos.identity.SsoStore;
import org.openenos.model.identity.AssetScope;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Single sign-on in {@code sso_providers}, {@code sso_identities}, {@code sso_pending_sign_ins} and
 * {@code org_sign_in_policies} (V205).
 */
public final class PostgresSsoStore implements SsoStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Map<String, Object>>> MAPPINGS = new TypeReference<>() {
    };
    private static final RowMapper<SsoProvider> PROVIDER = (rs, i) -> new SsoProvider(rs.getString("org_id"),
            rs.getString("provider_id"), rs.getString("name"), rs.getString("issuer"), rs.getString("client_id"),
            rs.getString("client_secret"), List.of(strings(rs, "scopes")), rs.getString("group_claim"),
            mappings(rs.getString("mappings")), rs.getBoolean("enabled"), Sql.instant(rs, "create_time"),
            Sql.instant(rs, "update_time"));

    private final JdbcClient jdbc;
    private final OrganizationSwitch passwordsDisabled;

    public PostgresSsoStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.passwordsDisabled = new OrganizationSwitch(jdbc, "org_sign_in_policies", "passwords_disabled");
    }

    @Override
    public void insert(SsoProvider p) {
        jdbc.sql("""
                INSERT INTO sso_providers (provider_id, org_id, name, issuer, client_id, client_secret, scopes,
                    group_claim, mappings, enabled, create_time, update_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")
                .params(p.providerId(), p.orgId(), p.name(), p.issuer(), p.clientId(), p.encryptedClientSecret(),
                        p.scopes().toArray(String[]::new), p.groupClaim(), json(p.mappings()), p.enabled(),
                        Sql.ts(p.createTime()), Sql.ts(p.updateTime()))
                .update();
    }

    @Override
    public void update(SsoProvider p) {
        jdbc.sql("""
                UPDATE sso_providers SET name = ?, issuer = ?, client_id = ?, client_secret = ?, scopes = ?,
                    group_claim = ?, mappings = ?::jsonb, enabled = ?, update_time = ?
                WHERE org_id = ? AND provider_id = ?""")
                .params(p.name(), p.issuer(), p.clientId(), p.encryptedClientSecret(),
                        p.scopes().toArray(String[]::new), p.groupClaim(), json(p.mappings()), p.enabled(),
                        Sql.ts(p.updateTime()), p.orgId(), p.providerId())
                .update();
    }

    @Override
    public boolean delete(String orgId, String providerId) {
        return jdbc.sql("DELETE FROM sso_providers WHERE org_id = ? AND provider_id = ?").params(orgId, providerId)
                .update() > 0;
    }

    @Override
    public Optional<SsoProvider> find(String providerId) {
        return jdbc.sql("SELECT * FROM sso_providers WHERE provider_id = ?").param(providerId).query(PROVIDER)
                .optional();
    }

    @Override
    public List<SsoProvider> list(String orgId) {
        return jdbc.sql("SELECT * FROM sso_providers WHERE org_id = ? ORDER BY name").param(orgId).query(PROVIDER)
                .list();
    }

    @Override
    public Optional<String> linkedUser(String providerId, String subject) {
        return jdbc.sql("SELECT user_id FROM sso_identities WHERE provider_id = ? AND subject = ?")
                .params(providerId, subject).query(String.class).optional();
    }

    @Override
    public void link(String providerId, String subject, String userId, Instant now) {
        jdbc.sql("INSERT INTO sso_identities (provider_id, subject, user_id, create_time) VALUES (?, ?, ?, ?)")
                .params(providerId, subject, userId, Sql.ts(now)).update();
    }

    @Override
    public boolean isLinked(String userId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM sso_identities WHERE user_id = ?)").param(userId)
                .query(Boolean.class).single();
    }

    @Override
    public void savePending(PendingSignIn p) {
        jdbc.sql("""
                INSERT INTO sso_pending_sign_ins (state_hash, provider_id, browser_hash, nonce, code_verifier,
                    redirect_uri, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(p.stateHash(), p.providerId(), p.browserHash(), p.nonce(), p.codeVerifier(), p.redirectUri(),
                        Sql.ts(p.expiresAt()))
                .update();
    }

    @Override
    public Optional<PendingSignIn> takePending(String stateHash) {
        // DELETE … RETURNING: of two callbacks with one state, only one gets the row
        return jdbc.sql("DELETE FROM sso_pending_sign_ins WHERE state_hash = ? RETURNING *").param(stateHash)
                .query((rs, i) -> new PendingSignIn(rs.getString("state_hash"), rs.getString("provider_id"),
                        rs.getString("browser_hash"), rs.getString("nonce"), rs.getString("code_verifier"),
                        rs.getString("redirect_uri"), Sql.instant(rs, "expires_at")))
                .optional();
    }

    @Override
    public void deleteExpiredPending(Instant now) {
        jdbc.sql("DELETE FROM sso_pending_sign_ins WHERE expires_at < ?").param(Sql.ts(now)).update();
    }

    @Override
    public boolean passwordsDisabled(String orgId) {
        return passwordsDisabled.isOn(orgId);
    }

    @Override
    public void setPasswordsDisabled(String orgId, boolean disabled, Instant now) {
        passwordsDisabled.set(orgId, disabled, now);
    }

    private static String json(List<SsoProvider.GroupMapping> mappings) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SsoProvider.GroupMapping m : mappings) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("group", m.group());
            e.put("roleId", m.roleId());
            e.put("scope", m.scope().nodes().stream().map(n -> Map.of("treeId", n.treeId(), "assetId", n.assetId()))
                    .toList());
            out.add(e);
        }
        return JSON.writeValueAsString(out);
    }

    @SuppressWarnings("unchecked")
    private static List<SsoProvider.GroupMapping> mappings(String json) {
        List<SsoProvider.GroupMapping> out = new ArrayList<>();
        for (Map<String, Object> e : JSON.readValue(json, MAPPINGS)) {
            List<AssetScope.Node> nodes = new ArrayList<>();
            for (Map<String, Object> n : (List<Map<String, Object>>) e.getOrDefault("scope", List.of())) {
                nodes.add(new AssetScope.Node((String) n.get("treeId"), (String) n.get("assetId")));
            }
            out.add(new SsoProvider.GroupMapping((String) e.get("group"), (String) e.get("roleId"),
                    AssetScope.of(nodes)));
        }
        return out;
    }

    private static String[] strings(ResultSet rs, String column) throws SQLException {
        Array a = rs.getArray(column);
        return a == null ? new String[0] : (String[]) a.getArray();
    }
}
