-- Every node reads the sessions revoked within one access-token lifetime (each second while Redis is
-- down, every 15 s otherwise) so a logout or role change stops their access tokens everywhere. Only
-- revoked sessions are indexed; they stay until the purge removes them after their absolute expiry.
create index sessions_revoked_at_idx on sessions (revoked_at) where revoked_at is not null;
