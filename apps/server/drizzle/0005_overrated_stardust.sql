CREATE TABLE "presale_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"units" integer NOT NULL,
	"assigned_units" integer DEFAULT 0 NOT NULL,
	"balance_starts_at" timestamp with time zone NOT NULL,
	"balance_ends_at" timestamp with time zone NOT NULL,
	"ship_date" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "presale_batches_units_ck" CHECK ("presale_batches"."units" > 0 AND "presale_batches"."assigned_units" >= 0 AND "presale_batches"."seq" >= 1),
	CONSTRAINT "presale_batches_window_ck" CHECK ("presale_batches"."balance_starts_at" < "presale_batches"."balance_ends_at")
);
--> statement-breakpoint
ALTER TABLE "presale_orders" ADD COLUMN "batch_id" integer;--> statement-breakpoint
ALTER TABLE "presale_ship_date_changes" ADD COLUMN "batch_seq" integer;--> statement-breakpoint
ALTER TABLE "presale_batches" ADD CONSTRAINT "presale_batches_campaign_id_presale_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."presale_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "presale_batches_campaign_seq_uq" ON "presale_batches" USING btree ("campaign_id","seq");--> statement-breakpoint
CREATE INDEX "presale_orders_batch_idx" ON "presale_orders" USING btree ("batch_id") WHERE batch_id IS NOT NULL;