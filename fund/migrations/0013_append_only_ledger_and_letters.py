"""The budget ledger and issued award letters are append-only in the database.

On PostgreSQL, triggers refuse what no code of ours does: changing or
deleting a ledger entry (a correction is a new entry), and changing the
file, hash, version or size of a letter once it was issued, or deleting
it. What the letter flow does stays possible: a pending or failed version
is made (or fails again), and a current one is superseded by the next.

Row triggers do not fire on TRUNCATE, which the test runner uses to empty
tables between transactional tests. SQLite has no such triggers here; the
model's save() and the services are the guard there.
"""

from django.db import migrations

ERROR = "23001"  # restrict_violation: Django raises it as an IntegrityError

CREATE = f"""
CREATE FUNCTION fund_budgetentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The budget ledger is append-only: entry % cannot be changed or deleted. Record a correction as a new entry.',
        OLD.id
        USING ERRCODE = '{ERROR}';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER fund_budgetentry_append_only
    BEFORE UPDATE OR DELETE ON fund_budgetentry
    FOR EACH ROW EXECUTE FUNCTION fund_budgetentry_append_only();

CREATE FUNCTION fund_awardletter_issued_unchanged() RETURNS trigger AS $$
BEGIN
    IF OLD.sha256 = '' AND OLD.status NOT IN ('current', 'superseded') THEN
        -- Not issued yet: being made, or failed.
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Award letter % (version %) was issued and cannot be deleted.',
            OLD.id, OLD.version
            USING ERRCODE = '{ERROR}';
    END IF;
    IF NEW.file IS DISTINCT FROM OLD.file
        OR NEW.sha256 IS DISTINCT FROM OLD.sha256
        OR NEW.size IS DISTINCT FROM OLD.size
        OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.award_id IS DISTINCT FROM OLD.award_id THEN
        RAISE EXCEPTION 'Award letter % (version %) was issued: its file, hash, size and version cannot change. Reissue the letter as a new version.',
            OLD.id, OLD.version
            USING ERRCODE = '{ERROR}';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status
        AND NOT (OLD.status = 'current' AND NEW.status = 'superseded') THEN
        RAISE EXCEPTION 'Award letter % (version %) was issued: it can only go from current to superseded, not from % to %.',
            OLD.id, OLD.version, OLD.status, NEW.status
            USING ERRCODE = '{ERROR}';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER fund_awardletter_issued_unchanged
    BEFORE UPDATE OR DELETE ON fund_awardletter
    FOR EACH ROW EXECUTE FUNCTION fund_awardletter_issued_unchanged();
"""

DROP = """
DROP TRIGGER IF EXISTS fund_awardletter_issued_unchanged ON fund_awardletter;
DROP FUNCTION IF EXISTS fund_awardletter_issued_unchanged();
DROP TRIGGER IF EXISTS fund_budgetentry_append_only ON fund_budgetentry;
DROP FUNCTION IF EXISTS fund_budgetentry_append_only();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("fund", "0012_protect_applications_and_text_reasons")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
