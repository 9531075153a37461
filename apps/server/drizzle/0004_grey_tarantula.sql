CREATE TABLE "preorder_counters" (
	"sku_id" integer PRIMARY KEY NOT NULL,
	"open_units" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "preorder_counters_units_ck" CHECK ("preorder_counters"."open_units" >= 0)
);
--> statement-breakpoint
CREATE TABLE "preorder_settings" (
	"id" serial PRIMARY KEY NOT NULL,
	"product_id" integer NOT NULL,
	"sku_id" integer,
	"enabled" boolean NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"terms_text" text DEFAULT '' NOT NULL,
	"terms_version" integer DEFAULT 1 NOT NULL,
	"cap" integer,
	"countries" jsonb NOT NULL,
	"strategy" text NOT NULL,
	"deposit_amount" bigint,
	"deposit_refundable" boolean DEFAULT false NOT NULL,
	"pay_days" integer DEFAULT 7 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "preorder_settings_cap_ck" CHECK ("preorder_settings"."cap" IS NULL OR "preorder_settings"."cap" > 0),
	CONSTRAINT "preorder_settings_pay_days_ck" CHECK ("preorder_settings"."pay_days" BETWEEN 1 AND 30),
	CONSTRAINT "preorder_settings_deposit_ck" CHECK (("preorder_settings"."strategy" = 'deposit' AND "preorder_settings"."deposit_amount" > 0) OR ("preorder_settings"."strategy" <> 'deposit' AND "preorder_settings"."deposit_amount" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "preorder_orders" (
	"order_id" integer PRIMARY KEY NOT NULL,
	"sku_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"strategy" text NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"country" text NOT NULL,
	"deposit_amount" bigint DEFAULT 0 NOT NULL,
	"deposit_refundable" boolean DEFAULT false NOT NULL,
	"balance_amount" bigint DEFAULT 0 NOT NULL,
	"pay_days" integer NOT NULL,
	"terms_version" integer,
	"terms_accepted_at" timestamp with time zone,
	"queued_at" timestamp with time zone,
	"filled_at" timestamp with time zone,
	"balance_due_at" timestamp with time zone,
	"deposit_payment_id" integer,
	"deposit_paid_at" timestamp with time zone,
	"balance_payment_id" integer,
	"auth_payment_id" integer,
	"capture_requested_at" timestamp with time zone,
	"captured_at" timestamp with time zone,
	"forfeited_amount" bigint DEFAULT 0 NOT NULL,
	"forfeited_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "preorder_orders_quantity_ck" CHECK ("preorder_orders"."quantity" > 0),
	CONSTRAINT "preorder_orders_amounts_ck" CHECK ("preorder_orders"."deposit_amount" >= 0 AND "preorder_orders"."balance_amount" >= 0 AND "preorder_orders"."forfeited_amount" >= 0 AND "preorder_orders"."forfeited_amount" <= "preorder_orders"."deposit_amount")
);
--> statement-breakpoint
ALTER TABLE "shopper_addresses" ADD COLUMN "country" text DEFAULT 'CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "preorder_counters" ADD CONSTRAINT "preorder_counters_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preorder_settings" ADD CONSTRAINT "preorder_settings_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preorder_settings" ADD CONSTRAINT "preorder_settings_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preorder_orders" ADD CONSTRAINT "preorder_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "preorder_settings_product_uq" ON "preorder_settings" USING btree ("product_id") WHERE sku_id IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "preorder_settings_sku_uq" ON "preorder_settings" USING btree ("sku_id") WHERE sku_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "preorder_orders_queue_idx" ON "preorder_orders" USING btree ("sku_id","queued_at","order_id") WHERE filled_at IS NULL;--> statement-breakpoint
CREATE INDEX "preorder_orders_balance_due_idx" ON "preorder_orders" USING btree ("balance_due_at") WHERE balance_due_at IS NOT NULL;