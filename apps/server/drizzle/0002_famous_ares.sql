CREATE TABLE "demand_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"target" text NOT NULL,
	"target_id" integer NOT NULL,
	"subscribed_at" timestamp with time zone NOT NULL,
	"notified_at" timestamp with time zone,
	"notified_kind" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "demand_subscriptions_notified_ck" CHECK (("demand_subscriptions"."notified_at" IS NULL) = ("demand_subscriptions"."notified_kind" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "demand_subscriptions_shopper_target_uq" ON "demand_subscriptions" USING btree ("shopper_id","target","target_id");--> statement-breakpoint
CREATE INDEX "demand_subscriptions_waiting_idx" ON "demand_subscriptions" USING btree ("target","target_id","subscribed_at","id") WHERE notified_at IS NULL;--> statement-breakpoint
CREATE INDEX "demand_subscriptions_target_idx" ON "demand_subscriptions" USING btree ("target","target_id","subscribed_at");--> statement-breakpoint
CREATE INDEX "demand_subscriptions_shopper_idx" ON "demand_subscriptions" USING btree ("shopper_id","created_at");