-- The hand-written SQL of the SQLite migrations, for PostgreSQL (ADR 048 lists each statement and
-- why this one is its equivalent). The SQLite migrations' data backfills (0003, 0006, 0007) have
-- nothing to change in a new database and have no counterpart.
--
-- The one row of the slot counter (SQLite 0004, ADR 023).
INSERT INTO "slot_generation" ("id", "value") VALUES (1, 0);
--> statement-breakpoint
-- SQLite 0004 and 0009: every insert, update or delete on what free slots are computed from moves
-- the counter, in the writer's own transaction, whoever writes. Here once per statement (SQLite
-- has only row triggers): the value only has to move, and a statement that changed no row moving
-- it too only costs one recomputation. TRUNCATE empties a table without firing DELETE triggers:
-- the delete triggers fire on it too.
CREATE FUNCTION "slot_generation_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "slot_generation" SET "value" = "value" + 1 WHERE "id" = 1;
	RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "slot_generation_agendas_insert" AFTER INSERT ON "agendas" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_agendas_update" AFTER UPDATE ON "agendas" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_agendas_delete" AFTER DELETE OR TRUNCATE ON "agendas" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_agenda_openings_insert" AFTER INSERT ON "agenda_openings" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_agenda_openings_update" AFTER UPDATE ON "agenda_openings" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_agenda_openings_delete" AFTER DELETE OR TRUNCATE ON "agenda_openings" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_agenda_absences_insert" AFTER INSERT ON "agenda_absences" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_agenda_absences_update" AFTER UPDATE ON "agenda_absences" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_agenda_absences_delete" AFTER DELETE OR TRUNCATE ON "agenda_absences" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_points_accueil_insert" AFTER INSERT ON "points_accueil" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_points_accueil_update" AFTER UPDATE ON "points_accueil" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_points_accueil_delete" AFTER DELETE OR TRUNCATE ON "points_accueil" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_closures_insert" AFTER INSERT ON "closures" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_closures_update" AFTER UPDATE ON "closures" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_closures_delete" AFTER DELETE OR TRUNCATE ON "closures" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_rendez_vous_insert" AFTER INSERT ON "rendez_vous" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_rendez_vous_update" AFTER UPDATE ON "rendez_vous" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_rendez_vous_delete" AFTER DELETE OR TRUNCATE ON "rendez_vous" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_closure_lifts_insert" AFTER INSERT ON "closure_lifts" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_closure_lifts_update" AFTER UPDATE ON "closure_lifts" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
--> statement-breakpoint
CREATE TRIGGER "slot_generation_closure_lifts_delete" AFTER DELETE OR TRUNCATE ON "closure_lifts" FOR EACH STATEMENT EXECUTE FUNCTION "slot_generation_bump"();
