-- kb's catalog (SQLite). Read by kb/curate/catalog.py at every open; every statement is idempotent.
CREATE TABLE IF NOT EXISTS documents (
    index_name TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    doc_type TEXT NOT NULL DEFAULT '',
    language TEXT,
    year INTEGER,
    metadata TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'retired')),
    near_duplicate_of TEXT,
    similarity REAL,
    minhash BLOB,
    note TEXT NOT NULL DEFAULT '',
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (index_name, doc_id)
);
CREATE INDEX IF NOT EXISTS documents_status ON documents (index_name, status);
CREATE INDEX IF NOT EXISTS documents_hash ON documents (content_hash);
CREATE TABLE IF NOT EXISTS programs (
    program_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    aliases TEXT NOT NULL DEFAULT '[]',
    metadata TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS program_aliases (
    alias TEXT NOT NULL,
    program_id TEXT NOT NULL REFERENCES programs (program_id),
    PRIMARY KEY (alias, program_id)
);
CREATE TABLE IF NOT EXISTS program_documents (
    program_id TEXT NOT NULL REFERENCES programs (program_id),
    index_name TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    role TEXT NOT NULL,
    pages TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (program_id, index_name, doc_id)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    index_name TEXT NOT NULL DEFAULT '',
    doc_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}'
);
-- Re-reading a catalogued file looks up the fields curators edited (Catalog.edited_fields).
CREATE INDEX IF NOT EXISTS audit_by_action ON audit (index_name, action, doc_id);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
