-- Published versions are insert-only (V1, P7), whoever connects: the store never changes or deletes one,
-- and these triggers refuse anyone else who tries (a psql session, another tool, a bug).
CREATE FUNCTION refuse_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published versions are immutable: % on versions refused', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER versions_refuse_update BEFORE UPDATE ON versions
  FOR EACH ROW EXECUTE FUNCTION refuse_version_change();
CREATE TRIGGER versions_refuse_delete BEFORE DELETE ON versions
  FOR EACH ROW EXECUTE FUNCTION refuse_version_change();
-- TRUNCATE fires no row triggers; refuse it as a statement.
CREATE TRIGGER versions_refuse_truncate BEFORE TRUNCATE ON versions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_version_change();
