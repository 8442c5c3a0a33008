-- Skyddsvalv vault schema, version 2. Lives only inside the SQLCipher-encrypted database. Person data
-- is sealed by the session before it reaches any table here: `persons.sealed` (records key), the blind
-- indexes `persons.identity_tag` and `name_tokens` (keyed hashes, records key) and `lookup_register`
-- (reception key). The database key alone shows no person's values.

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
    exchange_pub         BLOB,
    signing_pub          BLOB,
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
    hash       BLOB NOT NULL,
    detail     TEXT
);
CREATE INDEX audit_log_person ON audit_log (person_ref);
CREATE INDEX audit_log_actor ON audit_log (actor);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;

-- Checkpoints signed by the user whose session wrote them (keys from that user's slot, not the DB).
CREATE TABLE checkpoints (
    id           INTEGER PRIMARY KEY,
    seq          INTEGER NOT NULL,
    head_hash    BLOB NOT NULL,
    at           TEXT NOT NULL,
    signer       TEXT NOT NULL,
    signer_key   BLOB NOT NULL,
    from_seq     INTEGER NOT NULL,
    entry_hashes BLOB NOT NULL,
    signature    BLOB NOT NULL
);
CREATE TRIGGER checkpoints_no_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;

CREATE TABLE persons (
    id           INTEGER PRIMARY KEY,
    ref          TEXT NOT NULL UNIQUE,
    identity_tag BLOB UNIQUE,
    epoch        INTEGER NOT NULL,
    nonce        BLOB NOT NULL,
    sealed       BLOB NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- Name search: blind tokens of normalised name prefixes (no names).
CREATE TABLE name_tokens (
    token     BLOB NOT NULL,
    person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    PRIMARY KEY (token, person_id)
) WITHOUT ROWID;
CREATE INDEX name_tokens_person ON name_tokens (person_id);

-- Reception: keyed slow hashes of identity numbers and of exact name + birth year, with sealed answers.
CREATE TABLE lookup_register (
    id     INTEGER PRIMARY KEY,
    tag    BLOB NOT NULL,
    epoch  INTEGER NOT NULL,
    nonce  BLOB NOT NULL,
    sealed BLOB NOT NULL
);
CREATE INDEX lookup_register_tag ON lookup_register (tag);

CREATE TABLE assignments (
    person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (person_id, user_id)
);
CREATE INDEX assignments_user ON assignments (user_id, person_id);

CREATE TABLE emergency_access (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    log_seq    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX emergency_access_user ON emergency_access (user_id, person_id);

-- The records and reception keys, each sealed to one holder's public key.
CREATE TABLE key_grants (
    locator     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('records', 'reception')),
    epoch       INTEGER NOT NULL,
    recipient   BLOB NOT NULL,
    ephemeral   TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    sealed      TEXT NOT NULL,
    endorsement BLOB NOT NULL,
    granted_by  TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    PRIMARY KEY (locator, kind)
);
