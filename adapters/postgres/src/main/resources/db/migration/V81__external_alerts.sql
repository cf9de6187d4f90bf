-- Alerts reported by third-party systems (event-service active-alerts / history-alerts ?action=create) have no
-- rule. The unique index on (org_id, rule_id, asset_id) keeps one rule alert per asset; NULL rule ids never collide.
ALTER TABLE active_alerts ALTER COLUMN rule_id DROP NOT NULL;
ALTER TABLE history_alerts ALTER COLUMN rule_id DROP NOT NULL;
