-- Every turn records its owner (the user of its conversation, as
-- conversations and feedback already do), so that who may read or rate a
-- turn is a property of the row itself (issue #14, finding 3).
ALTER TABLE turns ADD COLUMN user_name text NOT NULL DEFAULT '';
UPDATE turns t SET user_name = c.user_name FROM conversations c
 WHERE c.id = t.conversation_id AND t.user_name <> c.user_name;
