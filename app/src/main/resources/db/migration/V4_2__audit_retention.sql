-- The retention job deletes the oldest rows first; without this index each run would walk the table.
create index audit_log_occurred_idx on audit_log (occurred_at);
