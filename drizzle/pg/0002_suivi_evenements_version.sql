-- SQLite migration 0017's twin (ADR 045 addendum, ADR 048): a follow-up belongs to a demande or
-- a registration (exactly one), the registration's consent, and the follow-up's version in the
-- kept counts. drizzle-kit wrote the new primary keys before their column: reordered by hand,
-- and the existing counts filled with 'suivi-2026-1' as on SQLite.
ALTER TABLE "suivi_calibration_stats" ADD COLUMN "suivi_version" text NOT NULL DEFAULT 'suivi-2026-1';--> statement-breakpoint
ALTER TABLE "suivi_calibration_stats" ALTER COLUMN "suivi_version" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "suivi_stats" ADD COLUMN "suivi_version" text NOT NULL DEFAULT 'suivi-2026-1';--> statement-breakpoint
ALTER TABLE "suivi_stats" ALTER COLUMN "suivi_version" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "suivi_calibration_stats" DROP CONSTRAINT "suivi_calibration_stats_departement_questionnaire_version_item_value_category_pk";--> statement-breakpoint
ALTER TABLE "suivi_stats" DROP CONSTRAINT "suivi_stats_month_outcome_departement_source_questionnaire_version_level_category_pk";--> statement-breakpoint
ALTER TABLE "suivi_calibration_stats" ADD CONSTRAINT "suivi_calibration_stats_departement_questionnaire_version_item_value_category_suivi_version_pk" PRIMARY KEY("departement","questionnaire_version","item","value","category","suivi_version");--> statement-breakpoint
ALTER TABLE "suivi_stats" ADD CONSTRAINT "suivi_stats_month_outcome_departement_source_questionnaire_version_level_category_suivi_version_pk" PRIMARY KEY("month","outcome","departement","source","questionnaire_version","level","category","suivi_version");--> statement-breakpoint
ALTER TABLE "suivis" ALTER COLUMN "demande_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "suivis" ADD COLUMN "inscription_id" integer;--> statement-breakpoint
ALTER TABLE "suivis" ADD CONSTRAINT "suivis_inscription_id_inscriptions_id_fk" FOREIGN KEY ("inscription_id") REFERENCES "public"."inscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suivis" ADD CONSTRAINT "suivis_inscription_id_unique" UNIQUE("inscription_id");--> statement-breakpoint
ALTER TABLE "suivis" ADD CONSTRAINT "suivis_one_owner" CHECK ((demande_id is null) <> (inscription_id is null));--> statement-breakpoint
ALTER TABLE "inscriptions" ADD COLUMN "suivi_consent_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "inscriptions" ADD COLUMN "suivi_consent_version" text;--> statement-breakpoint
ALTER TABLE "inscriptions" ADD COLUMN "suivi_consent_withdrawn_at" timestamp (3) with time zone;
