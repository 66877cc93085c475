-- Data protection (issue #14, finding 11): an audit log of who asked what
-- (the question itself only when configured), and indexes for deleting by
-- age (the retention setting) and by user (letters user erase).
CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    user_name       text NOT NULL DEFAULT '',
    route           text NOT NULL,
    -- no foreign keys: the record of a question outlives its conversation
    -- (until the retention period deletes it too)
    conversation_id uuid,
    turn_id         bigint,
    question        text
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user ON audit_log (user_name, at);
CREATE INDEX conversations_user ON conversations (user_name);
CREATE INDEX conversations_created ON conversations (created_at);
CREATE INDEX turns_user ON turns (user_name);
CREATE INDEX turns_created ON turns (created_at);
CREATE INDEX feedback_turn ON feedback (turn_id);
CREATE INDEX feedback_user ON feedback (user_name);
CREATE INDEX feedback_created ON feedback (created_at);
CREATE INDEX sessions_user ON sessions (user_name);
CREATE INDEX api_tokens_user ON api_tokens (user_name);
