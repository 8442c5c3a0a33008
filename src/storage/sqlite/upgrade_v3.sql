-- Version 3: what an administrator knows about an account, and emergency access that may edit.
ALTER TABLE users ADD COLUMN display_name TEXT;
ALTER TABLE users ADD COLUMN unit TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;
ALTER TABLE users ADD COLUMN last_login_at TEXT;
ALTER TABLE emergency_access ADD COLUMN may_edit INTEGER NOT NULL DEFAULT 0;
