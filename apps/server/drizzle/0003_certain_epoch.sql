CREATE TABLE "presale_orders" (
	"order_id" integer PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"type" text NOT NULL,
	"deposit_kind" text,
	"deposit_amount" bigint DEFAULT 0 NOT NULL,
	"balance_amount" bigint NOT NULL,
	"tier_discount" bigint DEFAULT 0 NOT NULL,
	"terms_version" integer,
	"terms_accepted_at" timestamp with time zone,
	"deposit_payment_id" integer,
	"deposit_paid_at" timestamp with time zone,
	"balance_payment_id" integer,
	"balance_paid_at" timestamp with time zone,
	"forfeited_amount" bigint DEFAULT 0 NOT NULL,
	"forfeited_at" timestamp with time zone,
	"compensation_amount" bigint DEFAULT 0 NOT NULL,
	"compensation_kind" text,
	"delayed_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"distribution" boolean DEFAULT false NOT NULL,
	"agent_dividend" boolean DEFAULT false NOT NULL,
	"regional_rebate" boolean DEFAULT false NOT NULL,
	"commission_eligible_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "presale_orders_amounts_ck" CHECK ("presale_orders"."deposit_amount" >= 0 AND "presale_orders"."balance_amount" >= 0 AND "presale_orders"."tier_discount" >= 0 AND "presale_orders"."forfeited_amount" >= 0 AND "presale_orders"."forfeited_amount" <= "presale_orders"."deposit_amount"),
	CONSTRAINT "presale_orders_type_ck" CHECK (("presale_orders"."type" = 'deposit' AND "presale_orders"."deposit_kind" IS NOT NULL AND "presale_orders"."deposit_amount" > 0) OR ("presale_orders"."type" = 'full' AND "presale_orders"."deposit_amount" = 0))
);
--> statement-breakpoint
CREATE TABLE "presale_reminder_sends" (
	"order_id" integer NOT NULL,
	"reminder_key" text NOT NULL,
	"campaign_id" integer NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "presale_reminder_sends_pk" PRIMARY KEY("order_id","reminder_key")
);
--> statement-breakpoint
CREATE TABLE "presale_quota_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"shopper_id" integer NOT NULL,
	"delta" integer NOT NULL,
	"sold_after" integer NOT NULL,
	"reason" text NOT NULL,
	"ref_type" text,
	"ref_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "presale_item_id" integer;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "deposit_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "presale_campaigns" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "presale_campaigns" ADD COLUMN "settlement_outcome" text;--> statement-breakpoint
ALTER TABLE "presale_campaigns" ADD COLUMN "settled_units" integer;--> statement-breakpoint
ALTER TABLE "presale_campaigns" ADD COLUMN "tier_off" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "presale_orders" ADD CONSTRAINT "presale_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_reminder_sends" ADD CONSTRAINT "presale_reminder_sends_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_quota_ledger" ADD CONSTRAINT "presale_quota_ledger_item_id_presale_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."presale_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "presale_orders_campaign_idx" ON "presale_orders" USING btree ("campaign_id","order_id");--> statement-breakpoint
CREATE INDEX "presale_reminder_sends_campaign_idx" ON "presale_reminder_sends" USING btree ("campaign_id","sent_at");--> statement-breakpoint
CREATE INDEX "presale_quota_ledger_item_idx" ON "presale_quota_ledger" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "presale_quota_ledger_ref_idx" ON "presale_quota_ledger" USING btree ("ref_type","ref_id");--> statement-breakpoint
CREATE INDEX "orders_deposit_due_idx" ON "orders" USING btree ("payment_due_at") WHERE status = 'awaiting_deposit';--> statement-breakpoint
CREATE INDEX "presale_campaigns_settle_due_idx" ON "presale_campaigns" USING btree ("ends_at") WHERE settled_at IS NULL;