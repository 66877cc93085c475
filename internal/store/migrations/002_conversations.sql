-- Conversations, their turns (each answer with citations and its
-- reproducibility record) and feedback on answers and citations.
CREATE TABLE conversations (
    id         uuid PRIMARY KEY,
    user_name  text NOT NULL DEFAULT '',
    title      text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE turns (
    id              bigserial PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    question        text NOT NULL,
    result          jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX turns_conversation ON turns (conversation_id, id);

CREATE TABLE feedback (
    id              bigserial PRIMARY KEY,
    turn_id         bigint NOT NULL REFERENCES turns (id) ON DELETE CASCADE,
    rating          smallint NOT NULL DEFAULT 0 CHECK (rating BETWEEN -1 AND 1),
    citation_marker int,
    comment         text NOT NULL DEFAULT '',
    user_name       text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now()
);
