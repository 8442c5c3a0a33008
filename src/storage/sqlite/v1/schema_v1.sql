-- Skyddsvalv vault schema, version 1. Lives only inside the SQLCipher-encrypted database.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    name_key             TEXT NOT NULL UNIQUE,
    role                 TEXT NOT NULL CHECK (role IN ('handlaggare', 'reception', 'granskare', 'admin')),
    disabled             INTEGER NOT NULL DEFAULT 0,
    must_change_password INTEGER NOT NULL,
    slot_locator         TEXT NOT NULL UNIQUE,
    slot_digest          BLOB NOT NULL,
    created_at           TEXT NOT NULL
);

-- The access log: append-only and hash-chained. Holds refs and field names, never field values.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    person_ref TEXT,
    fields     TEXT NOT NULL,
    purpose    TEXT,
    term_hash  TEXT,
    outcome    TEXT NOT NULL,
    flagged    INTEGER NOT NULL,
    prev_hash  BLOB NOT NULL,
    hash       BLOB NOT NULL
);
CREATE INDEX audit_log_person ON audit_log (person_ref);
CREATE INDEX audit_log_actor ON audit_log (actor);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

CREATE TABLE checkpoints (
    id        INTEGER PRIMARY KEY,
    seq       INTEGER NOT NULL,
    head_hash BLOB NOT NULL,
    at        TEXT NOT NULL,
    signature BLOB NOT NULL
);

CREATE TABLE persons (
    id          INTEGER PRIMARY KEY,
    ref         TEXT NOT NULL UNIQUE,
    identity    TEXT UNIQUE,
    name_key    TEXT NOT NULL,
    birth_year  INTEGER,
    record      TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX persons_name_year ON persons (name_key, birth_year);

CREATE TABLE assignments (
    person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (person_id, user_id)
);

CREATE TABLE emergency_access (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    log_seq    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Name search: prefix, case- and diacritic-insensitive (`asa` finds `Åsa`). rowid = persons.id.
CREATE VIRTUAL TABLE person_names USING fts5 (name, tokenize = 'unicode61 remove_diacritics 2');
