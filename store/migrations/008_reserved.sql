-- Reserved: migration 8 is taken by the security2 branch (issue #14). tern
-- needs the numbers without a gap, so this branch (library, issue #17) holds
-- the place with a no-op; when the branches meet, this file gives way to that
-- branch's 008 and the library's migrations (010 on) follow it.
SELECT 1;
