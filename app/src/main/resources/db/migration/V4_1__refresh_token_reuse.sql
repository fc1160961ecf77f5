-- Refresh tokens a session has rotated away from. Presenting one again means the token was copied:
-- the session (the whole family of tokens descending from one login) is revoked. Rows go with their
-- session when the session purge deletes it.
create table session_retired_tokens (
    token_hash  bytea primary key,
    session_id  bigint not null references sessions (id) on delete cascade,
    retired_at  timestamptz not null default now()
);
create index session_retired_tokens_session_idx on session_retired_tokens (session_id);
