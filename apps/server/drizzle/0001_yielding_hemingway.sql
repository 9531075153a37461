CREATE TABLE "presale_buyer_units" (
	"item_id" integer NOT NULL,
	"shopper_id" integer NOT NULL,
	"units" integer NOT NULL,
	CONSTRAINT "presale_buyer_units_pk" PRIMARY KEY("item_id","shopper_id"),
	CONSTRAINT "presale_buyer_units_ck" CHECK ("presale_buyer_units"."units" >= 0)
);
--> statement-breakpoint
CREATE TABLE "presale_campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"rules_text" text DEFAULT '' NOT NULL,
	"terms_text" text DEFAULT '' NOT NULL,
	"terms_version" integer DEFAULT 1 NOT NULL,
	"deposit_kind" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"balance_starts_at" timestamp with time zone,
	"balance_ends_at" timestamp with time zone,
	"ship_kind" text NOT NULL,
	"ship_date" timestamp with time zone,
	"ship_days" integer,
	"allow_coupons" boolean DEFAULT false NOT NULL,
	"allow_points" boolean DEFAULT false NOT NULL,
	"distribution" boolean DEFAULT false NOT NULL,
	"agent_dividend" boolean DEFAULT false NOT NULL,
	"regional_rebate" boolean DEFAULT false NOT NULL,
	"end_action" text DEFAULT 'back_to_normal' NOT NULL,
	"reminders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"min_target" integer,
	"tiers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ended_early_at" timestamp with time zone,
	"end_action_applied_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "presale_campaigns_window_ck" CHECK ("presale_campaigns"."starts_at" < "presale_campaigns"."ends_at"),
	CONSTRAINT "presale_campaigns_type_ck" CHECK (("presale_campaigns"."type" = 'deposit' AND "presale_campaigns"."deposit_kind" IS NOT NULL AND "presale_campaigns"."balance_starts_at" < "presale_campaigns"."balance_ends_at")
        OR ("presale_campaigns"."type" = 'full' AND "presale_campaigns"."deposit_kind" IS NULL AND "presale_campaigns"."balance_starts_at" IS NULL AND "presale_campaigns"."balance_ends_at" IS NULL)),
	CONSTRAINT "presale_campaigns_ship_ck" CHECK (("presale_campaigns"."ship_kind" = 'date' AND "presale_campaigns"."ship_date" IS NOT NULL AND "presale_campaigns"."ship_days" IS NULL)
        OR ("presale_campaigns"."ship_kind" = 'days_after_paid' AND "presale_campaigns"."ship_days" > 0 AND "presale_campaigns"."ship_date" IS NULL)),
	CONSTRAINT "presale_campaigns_terms_version_ck" CHECK ("presale_campaigns"."terms_version" >= 1),
	CONSTRAINT "presale_campaigns_min_target_ck" CHECK ("presale_campaigns"."min_target" IS NULL OR "presale_campaigns"."min_target" > 0)
);
--> statement-breakpoint
CREATE TABLE "presale_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"sku_id" integer NOT NULL,
	"presale_price" bigint NOT NULL,
	"deposit_amount" bigint,
	"deposit_value" bigint,
	"quota" integer NOT NULL,
	"per_buyer_limit" integer NOT NULL,
	"sold_units" integer DEFAULT 0 NOT NULL,
	"first_held_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "presale_items_sold_ck" CHECK ("presale_items"."sold_units" >= 0 AND "presale_items"."sold_units" <= "presale_items"."quota"),
	CONSTRAINT "presale_items_limit_ck" CHECK ("presale_items"."quota" > 0 AND "presale_items"."per_buyer_limit" > 0),
	CONSTRAINT "presale_items_money_ck" CHECK ("presale_items"."presale_price" > 0 AND ("presale_items"."deposit_amount" IS NULL OR ("presale_items"."deposit_amount" > 0 AND "presale_items"."deposit_value" >= "presale_items"."deposit_amount" AND "presale_items"."deposit_value" <= "presale_items"."presale_price")))
);
--> statement-breakpoint
CREATE TABLE "presale_ship_date_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaign_id" integer NOT NULL,
	"from_ship" jsonb NOT NULL,
	"to_ship" jsonb NOT NULL,
	"reason" text NOT NULL,
	"compensation" jsonb,
	"actor" text NOT NULL,
	"actor_staff_id" integer,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "presale_buyer_units" ADD CONSTRAINT "presale_buyer_units_item_id_presale_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."presale_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_buyer_units" ADD CONSTRAINT "presale_buyer_units_shopper_id_shoppers_id_fk" FOREIGN KEY ("shopper_id") REFERENCES "public"."shoppers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_items" ADD CONSTRAINT "presale_items_campaign_id_presale_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."presale_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_items" ADD CONSTRAINT "presale_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_items" ADD CONSTRAINT "presale_items_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presale_ship_date_changes" ADD CONSTRAINT "presale_ship_date_changes_campaign_id_presale_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."presale_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "presale_campaigns_window_idx" ON "presale_campaigns" USING btree ("starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "presale_campaigns_end_due_idx" ON "presale_campaigns" USING btree ("ends_at") WHERE end_action_applied_at IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "presale_items_campaign_sku_uq" ON "presale_items" USING btree ("campaign_id","sku_id");--> statement-breakpoint
CREATE INDEX "presale_items_sku_idx" ON "presale_items" USING btree ("sku_id");--> statement-breakpoint
CREATE INDEX "presale_items_product_idx" ON "presale_items" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "presale_ship_date_changes_campaign_idx" ON "presale_ship_date_changes" USING btree ("campaign_id","id");