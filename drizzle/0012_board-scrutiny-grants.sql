GRANT SELECT, INSERT, UPDATE, DELETE ON board_note, board_question, board_action TO inclusio_app;--> statement-breakpoint
ALTER TABLE board_note FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE board_question FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE board_action FORCE ROW LEVEL SECURITY;
