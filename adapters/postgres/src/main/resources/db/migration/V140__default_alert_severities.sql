-- Every organization starts with three alert severities, so that a rule can be created in a new organization
-- without first finding the severity API. They are ordinary catalog entries: operators rename or delete them and
-- add their own. Existing organizations get them here (keeping any entry with the same id); new ones get them from
-- the trigger, in the same transaction that creates the organization.
CREATE FUNCTION default_alert_severities(org TEXT) RETURNS VOID LANGUAGE SQL AS $$
    INSERT INTO alert_catalog (kind, org_id, id, body)
    SELECT 'SEVERITY', org, s.id, jsonb_build_object('kind', 'SEVERITY', 'orgId', org, 'id', s.id,
           'desc', jsonb_build_object('defaultValue', s.label, 'i18nValue', jsonb_build_object('en_US', s.label)),
           'modelId', NULL, 'typeId', NULL, 'tags', jsonb_build_object('rank', s.rank::text, 'default', 'true'))
    FROM (VALUES ('critical', 'Critical', 1), ('warning', 'Warning', 2), ('info', 'Info', 3)) AS s (id, label, rank)
    ON CONFLICT (kind, org_id, id) DO NOTHING;
$$;

SELECT default_alert_severities(org_id) FROM organizations;

CREATE FUNCTION organization_default_alert_severities() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    PERFORM default_alert_severities(NEW.org_id);
    RETURN NEW;
END;
$$;

CREATE TRIGGER organization_default_alert_severities AFTER INSERT ON organizations
    FOR EACH ROW EXECUTE FUNCTION organization_default_alert_severities();
