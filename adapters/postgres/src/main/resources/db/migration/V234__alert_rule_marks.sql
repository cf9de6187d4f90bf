-- What a server node taking over an asset's alert evaluation must know besides active alerts, pending delays and
-- no-data clocks (ADR 0122): that an operator closed the rule's alert while its condition held (it raises again only
-- after the condition cleared), and the time of the value that ended its last alert (values up to it were evaluated
-- within that alert; re-posting or replaying one raises nothing). Written only on those transitions.
CREATE TABLE alert_rule_marks (
    org_id        TEXT    NOT NULL,
    rule_id       TEXT    NOT NULL,
    asset_id      TEXT    NOT NULL,
    close_latched BOOLEAN NOT NULL DEFAULT false,
    ended_through BIGINT,
    PRIMARY KEY (org_id, rule_id, asset_id)
);
