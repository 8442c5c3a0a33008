-- Version 4: the reviewer's filters by action and by time stay fast on a long log.
CREATE INDEX audit_log_action ON audit_log (action);
CREATE INDEX audit_log_at ON audit_log (at);
