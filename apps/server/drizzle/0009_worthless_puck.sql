CREATE TABLE "member_accounts" (
	"shopper_id" integer PRIMARY KEY NOT NULL,
	"growth" bigint DEFAULT 0 NOT NULL,
	"level_id" integer,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "member_accounts_growth_ck" CHECK ("member_accounts"."growth" >= 0)
);
--> statement-breakpoint
CREATE TABLE "member_growth_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"delta" bigint NOT NULL,
	"growth_after" bigint NOT NULL,
	"reason" text NOT NULL,
	"order_id" integer,
	"ref_key" text DEFAULT '' NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "member_growth_ledger_after_ck" CHECK ("member_growth_ledger"."growth_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "member_level_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"from_level_id" integer,
	"to_level_id" integer,
	"growth" bigint NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_levels" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text DEFAULT '' NOT NULL,
	"growth_threshold" bigint NOT NULL,
	"discount_permille" integer DEFAULT 1000 NOT NULL,
	"free_shipping" boolean DEFAULT false NOT NULL,
	"points_multiplier_percent" integer DEFAULT 100 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "member_levels_ck" CHECK ("member_levels"."growth_threshold" >= 0 AND "member_levels"."discount_permille" BETWEEN 1 AND 1000 AND "member_levels"."points_multiplier_percent" BETWEEN 0 AND 10000)
);
--> statement-breakpoint
CREATE TABLE "commissions" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"beneficiary_id" integer NOT NULL,
	"kind" text NOT NULL,
	"base_amount" bigint NOT NULL,
	"permille" integer NOT NULL,
	"amount" bigint NOT NULL,
	"status" text NOT NULL,
	"settle_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "commissions_amount_ck" CHECK ("commissions"."amount" >= 0 AND "commissions"."base_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "distributor_accounts" (
	"shopper_id" integer PRIMARY KEY NOT NULL,
	"pending" bigint DEFAULT 0 NOT NULL,
	"available" bigint DEFAULT 0 NOT NULL,
	"frozen" bigint DEFAULT 0 NOT NULL,
	"withdrawn" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "distributor_accounts_ck" CHECK ("distributor_accounts"."pending" >= 0 AND "distributor_accounts"."available" >= 0 AND "distributor_accounts"."frozen" >= 0 AND "distributor_accounts"."withdrawn" >= 0)
);
--> statement-breakpoint
CREATE TABLE "distributor_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"bucket" text NOT NULL,
	"delta" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"reason" text NOT NULL,
	"commission_id" integer,
	"withdrawal_id" integer,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "distributor_ledger_after_ck" CHECK ("distributor_ledger"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "distributors" (
	"shopper_id" integer PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"real_name" text NOT NULL,
	"phone" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"is_agent" boolean DEFAULT false NOT NULL,
	"agent_permille" integer DEFAULT 0 NOT NULL,
	"region_province" text,
	"region_city" text,
	"region_permille" integer DEFAULT 0 NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"review_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "distributors_permille_ck" CHECK ("distributors"."agent_permille" BETWEEN 0 AND 1000 AND "distributors"."region_permille" BETWEEN 0 AND 1000)
);
--> statement-breakpoint
CREATE TABLE "product_commission_rates" (
	"product_id" integer PRIMARY KEY NOT NULL,
	"level1_permille" integer NOT NULL,
	"level2_permille" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "product_commission_rates_ck" CHECK ("product_commission_rates"."level1_permille" BETWEEN 0 AND 1000 AND "product_commission_rates"."level2_permille" BETWEEN 0 AND 1000)
);
--> statement-breakpoint
CREATE TABLE "referral_bindings" (
	"shopper_id" integer PRIMARY KEY NOT NULL,
	"referrer_id" integer NOT NULL,
	"source" text NOT NULL,
	"via" jsonb,
	"bound_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "referral_bindings_self_ck" CHECK ("referral_bindings"."shopper_id" <> "referral_bindings"."referrer_id")
);
--> statement-breakpoint
CREATE TABLE "referral_codes" (
	"shopper_id" integer PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "withdrawals" (
	"id" serial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"amount" bigint NOT NULL,
	"status" text NOT NULL,
	"payee" jsonb NOT NULL,
	"payout_ref" text,
	"failure_reason" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"review_note" text DEFAULT '' NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "withdrawals_amount_ck" CHECK ("withdrawals"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "points_ledger" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD COLUMN "remaining" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "member_growth_ledger_shopper_idx" ON "member_growth_ledger" USING btree ("shopper_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_growth_ledger_once_uq" ON "member_growth_ledger" USING btree ("order_id","reason","ref_key") WHERE order_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "member_level_changes_shopper_idx" ON "member_level_changes" USING btree ("shopper_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_levels_threshold_uq" ON "member_levels" USING btree ("growth_threshold");--> statement-breakpoint
CREATE UNIQUE INDEX "commissions_once_uq" ON "commissions" USING btree ("order_id","beneficiary_id","kind");--> statement-breakpoint
CREATE INDEX "commissions_beneficiary_idx" ON "commissions" USING btree ("beneficiary_id","id");--> statement-breakpoint
CREATE INDEX "commissions_due_idx" ON "commissions" USING btree ("settle_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "distributor_ledger_shopper_idx" ON "distributor_ledger" USING btree ("shopper_id","id");--> statement-breakpoint
CREATE INDEX "distributors_status_idx" ON "distributors" USING btree ("status");--> statement-breakpoint
CREATE INDEX "distributors_region_idx" ON "distributors" USING btree ("region_province","region_city") WHERE region_province IS NOT NULL;--> statement-breakpoint
CREATE INDEX "referral_bindings_referrer_idx" ON "referral_bindings" USING btree ("referrer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "referral_codes_code_uq" ON "referral_codes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "withdrawals_shopper_idx" ON "withdrawals" USING btree ("shopper_id","id");--> statement-breakpoint
CREATE INDEX "withdrawals_status_idx" ON "withdrawals" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "points_ledger_expiry_idx" ON "points_ledger" USING btree ("expires_at") WHERE remaining > 0;