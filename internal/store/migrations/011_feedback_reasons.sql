-- Feedback says why (issue #17, part 4): a reason beside the comment, and
-- one rating per turn per user (and one report per cited paragraph): a
-- second rating replaces the first. Duplicates from before keep the latest.
ALTER TABLE feedback ADD COLUMN reason text NOT NULL DEFAULT ''
    CHECK (reason IN ('', 'wrong_citation', 'not_answered', 'misleading', 'other'));
UPDATE feedback SET reason = 'wrong_citation' WHERE citation_marker IS NOT NULL;
DELETE FROM feedback f USING feedback g
 WHERE f.turn_id = g.turn_id AND f.user_name = g.user_name
   AND coalesce(f.citation_marker, 0) = coalesce(g.citation_marker, 0) AND f.id < g.id;
CREATE UNIQUE INDEX feedback_one_per_user ON feedback (turn_id, user_name, (coalesce(citation_marker, 0)));
-- a user's conversations, newest first
CREATE INDEX conversations_owner_created ON conversations (user_name, created_at DESC);
