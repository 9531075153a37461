CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_staff_id" integer,
	"actor_name" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"changes" jsonb,
	"ip" text,
	"request_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"response_status" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "outbox_dedupe_key_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "outbox_attempts_ck" CHECK ("outbox"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"identifier" text NOT NULL,
	"ip" text,
	"created_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "otp_codes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"ip" text,
	CONSTRAINT "otp_codes_attempts_ck" CHECK ("otp_codes"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "shoppers" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text,
	"phone" text,
	"password_hash" text,
	"nickname" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shopper_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"data" jsonb NOT NULL,
	"dedupe_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "staff_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"permission" text NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	"read_by" text
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"parent_id" integer,
	"name" text NOT NULL,
	"name_en" text,
	"icon_url" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_images" (
	"id" serial PRIMARY KEY NOT NULL,
	"product_id" integer NOT NULL,
	"url" text NOT NULL,
	"storage_key" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"subtitle" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"brand" text DEFAULT '' NOT NULL,
	"category_id" integer,
	"kind" text DEFAULT 'physical' NOT NULL,
	"source" text DEFAULT 'own' NOT NULL,
	"after_sales_allowed" boolean DEFAULT true NOT NULL,
	"warranty_text" text DEFAULT '' NOT NULL,
	"specs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"on_shelf" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"sales_count" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"min_price_amount" bigint DEFAULT 0 NOT NULL,
	"max_price_amount" bigint DEFAULT 0 NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "products_price_ck" CHECK ("products"."min_price_amount" >= 0 AND "products"."max_price_amount" >= "products"."min_price_amount")
);
--> statement-breakpoint
CREATE TABLE "skus" (
	"id" serial PRIMARY KEY NOT NULL,
	"product_id" integer NOT NULL,
	"spec_values" jsonb NOT NULL,
	"spec_key" text NOT NULL,
	"sku_code" text,
	"price_amount" bigint NOT NULL,
	"market_price_amount" bigint,
	"weight_grams" integer DEFAULT 0 NOT NULL,
	"barcode" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "skus_price_ck" CHECK ("skus"."price_amount" >= 0 AND ("skus"."market_price_amount" IS NULL OR "skus"."market_price_amount" >= 0)),
	CONSTRAINT "skus_weight_ck" CHECK ("skus"."weight_grams" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sku_id" integer NOT NULL,
	"movement" text NOT NULL,
	"delta_on_hand" integer NOT NULL,
	"delta_reserved" integer NOT NULL,
	"on_hand_after" integer NOT NULL,
	"reserved_after" integer NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"ref_type" text,
	"ref_id" text,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_levels" (
	"sku_id" integer PRIMARY KEY NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"low_stock_threshold" integer DEFAULT 0 NOT NULL,
	"low_stock_alerted" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stock_on_hand_ck" CHECK ("stock_levels"."on_hand" >= 0),
	CONSTRAINT "stock_reserved_ck" CHECK ("stock_levels"."reserved" >= 0 AND "stock_levels"."reserved" <= "stock_levels"."on_hand"),
	CONSTRAINT "stock_threshold_ck" CHECK ("stock_levels"."low_stock_threshold" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_reservations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sku_id" integer NOT NULL,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "stock_reservations_qty_ck" CHECK ("stock_reservations"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "stocktake_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"stocktake_id" integer NOT NULL,
	"sku_id" integer NOT NULL,
	"expected_on_hand" integer NOT NULL,
	"counted_on_hand" integer NOT NULL,
	CONSTRAINT "stocktake_counted_ck" CHECK ("stocktake_lines"."counted_on_hand" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stocktakes" (
	"id" serial PRIMARY KEY NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shop_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"type" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor" text NOT NULL,
	"note" text,
	"data" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"sku_id" integer NOT NULL,
	"title" text NOT NULL,
	"image_url" text,
	"spec_values" jsonb NOT NULL,
	"sku_code" text,
	"after_sales_allowed" boolean NOT NULL,
	"unit_price" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"goods_amount" bigint NOT NULL,
	"discount_amount" bigint DEFAULT 0 NOT NULL,
	"pay_amount" bigint NOT NULL,
	"shipped_quantity" integer DEFAULT 0 NOT NULL,
	"refunded_quantity" integer DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "order_lines_qty_ck" CHECK ("order_lines"."quantity" > 0 AND "order_lines"."shipped_quantity" >= 0 AND "order_lines"."shipped_quantity" <= "order_lines"."quantity"),
	CONSTRAINT "order_lines_refund_ck" CHECK ("order_lines"."refunded_quantity" >= 0 AND "order_lines"."refunded_quantity" <= "order_lines"."quantity" AND "order_lines"."refunded_amount" >= 0 AND "order_lines"."refunded_amount" <= "order_lines"."pay_amount")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_no" text NOT NULL,
	"shopper_id" integer NOT NULL,
	"status" text NOT NULL,
	"kind" text DEFAULT 'normal' NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"goods_amount" bigint NOT NULL,
	"promotion_discount" bigint DEFAULT 0 NOT NULL,
	"coupon_discount" bigint DEFAULT 0 NOT NULL,
	"points_discount" bigint DEFAULT 0 NOT NULL,
	"points_used" integer DEFAULT 0 NOT NULL,
	"shipping_fee" bigint DEFAULT 0 NOT NULL,
	"total_amount" bigint NOT NULL,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"breakdown" jsonb NOT NULL,
	"coupon_id" integer,
	"paid_payment_id" integer,
	"address" jsonb NOT NULL,
	"shopper_note" text DEFAULT '' NOT NULL,
	"staff_remark" text DEFAULT '' NOT NULL,
	"checkout_key" text,
	"payment_due_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"shipped_at" timestamp with time zone,
	"auto_complete_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "orders_amounts_ck" CHECK ("orders"."goods_amount" >= 0 AND "orders"."total_amount" >= 0 AND "orders"."paid_amount" >= 0 AND "orders"."refunded_amount" >= 0 AND "orders"."refunded_amount" <= "orders"."paid_amount")
);
--> statement-breakpoint
CREATE TABLE "shipment_lines" (
	"shipment_id" integer NOT NULL,
	"order_line_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "shipment_lines_qty_ck" CHECK ("shipment_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"carrier" text NOT NULL,
	"tracking_no" text NOT NULL,
	"shipped_at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cart_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"cart_id" integer NOT NULL,
	"sku_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"selected" boolean DEFAULT true NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cart_items_quantity_ck" CHECK ("cart_items"."quantity" BETWEEN 1 AND 99)
);
--> statement-breakpoint
CREATE TABLE "carts" (
	"id" serial PRIMARY KEY NOT NULL,
	"shopper_id" integer,
	"guest_token_hash" text,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "carts_owner_ck" CHECK (("carts"."shopper_id" IS NOT NULL AND "carts"."guest_token_hash" IS NULL) OR ("carts"."shopper_id" IS NULL AND "carts"."guest_token_hash" IS NOT NULL AND "carts"."expires_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "shopper_addresses" (
	"id" serial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"receiver" text NOT NULL,
	"phone" text NOT NULL,
	"province" text NOT NULL,
	"city" text NOT NULL,
	"district" text NOT NULL,
	"detail" text NOT NULL,
	"postal_code" text,
	"tag" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payment_id" integer NOT NULL,
	"refund_id" integer,
	"kind" text NOT NULL,
	"provider" text NOT NULL,
	"provider_txn_id" text NOT NULL,
	"provider_refund_id" text,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"provider_at" timestamp with time zone,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_ledger_sign_ck" CHECK (("payment_ledger"."kind" = 'refund' AND "payment_ledger"."amount" < 0 AND "payment_ledger"."refund_id" IS NOT NULL) OR ("payment_ledger"."kind" <> 'refund' AND "payment_ledger"."amount" > 0 AND "payment_ledger"."refund_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" serial PRIMARY KEY NOT NULL,
	"payment_no" text NOT NULL,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"stage" text NOT NULL,
	"shopper_id" integer NOT NULL,
	"provider" text NOT NULL,
	"capture_mode" text NOT NULL,
	"subject" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"status" text NOT NULL,
	"pending_operation" text,
	"provider_txn_id" text,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"refund_pending_amount" bigint DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_queried_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"authorized_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_amount_ck" CHECK ("payments"."amount" > 0),
	CONSTRAINT "payments_refund_ck" CHECK ("payments"."paid_amount" >= 0 AND "payments"."paid_amount" <= "payments"."amount" AND "payments"."refunded_amount" >= 0 AND "payments"."refund_pending_amount" >= 0 AND "payments"."refunded_amount" + "payments"."refund_pending_amount" <= "payments"."paid_amount"),
	CONSTRAINT "payments_paid_ck" CHECK (("payments"."status" = 'succeeded') = ("payments"."paid_amount" > 0))
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" serial PRIMARY KEY NOT NULL,
	"refund_no" text NOT NULL,
	"payment_id" integer NOT NULL,
	"provider" text NOT NULL,
	"amount" bigint NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"provider_refund_id" text,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"requested_by" text NOT NULL,
	"failure_reason" text,
	"succeeded_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "refunds_amount_ck" CHECK ("refunds"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "sandbox_gateway_payments" (
	"trade_no" text PRIMARY KEY NOT NULL,
	"out_trade_no" text NOT NULL,
	"subject" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"capture_mode" text NOT NULL,
	"status" text NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"notify_url" text NOT NULL,
	"return_url" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sandbox_gateway_payments_amount_ck" CHECK ("sandbox_gateway_payments"."amount" > 0 AND "sandbox_gateway_payments"."refunded_amount" >= 0 AND "sandbox_gateway_payments"."refunded_amount" <= "sandbox_gateway_payments"."amount")
);
--> statement-breakpoint
CREATE TABLE "sandbox_gateway_refunds" (
	"refund_id" text PRIMARY KEY NOT NULL,
	"out_refund_no" text NOT NULL,
	"trade_no" text NOT NULL,
	"amount" bigint NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sandbox_gateway_refunds_amount_ck" CHECK ("sandbox_gateway_refunds"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "coupon_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint,
	"pay_percent" integer,
	"max_discount" bigint,
	"threshold" bigint DEFAULT 0 NOT NULL,
	"product_ids" jsonb NOT NULL,
	"category_ids" jsonb NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"valid_days" integer,
	"total_quantity" integer NOT NULL,
	"claimed_count" integer DEFAULT 0 NOT NULL,
	"per_shopper_limit" integer DEFAULT 1 NOT NULL,
	"claimable" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "coupon_templates_claimed_ck" CHECK ("coupon_templates"."claimed_count" >= 0 AND "coupon_templates"."claimed_count" <= "coupon_templates"."total_quantity"),
	CONSTRAINT "coupon_templates_terms_ck" CHECK (("coupon_templates"."kind" = 'fixed' AND "coupon_templates"."amount" > 0) OR ("coupon_templates"."kind" = 'percent' AND "coupon_templates"."pay_percent" BETWEEN 1 AND 99)),
	CONSTRAINT "coupon_templates_validity_ck" CHECK (("coupon_templates"."valid_days" > 0) OR ("coupon_templates"."valid_from" IS NOT NULL AND "coupon_templates"."valid_until" > "coupon_templates"."valid_from"))
);
--> statement-breakpoint
CREATE TABLE "promotions" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"tiers" jsonb NOT NULL,
	"pay_percent" integer,
	"product_ids" jsonb NOT NULL,
	"category_ids" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "promotions_window_ck" CHECK ("promotions"."ends_at" > "promotions"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "shopper_coupons" (
	"id" serial PRIMARY KEY NOT NULL,
	"template_id" integer NOT NULL,
	"shopper_id" integer NOT NULL,
	"status" text DEFAULT 'unused' NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"issued_by" text,
	"note" text,
	"claimed_at" timestamp with time zone NOT NULL,
	"order_id" integer,
	"used_at" timestamp with time zone,
	CONSTRAINT "shopper_coupons_used_ck" CHECK (("shopper_coupons"."status" = 'used') = ("shopper_coupons"."order_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "points_accounts" (
	"shopper_id" integer PRIMARY KEY NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "points_accounts_balance_ck" CHECK ("points_accounts"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"delta" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"reason" text NOT NULL,
	"order_id" integer,
	"note" text,
	"shortfall" bigint DEFAULT 0 NOT NULL,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "points_ledger_balance_ck" CHECK ("points_ledger"."balance_after" >= 0 AND "points_ledger"."shortfall" >= 0),
	CONSTRAINT "points_ledger_delta_ck" CHECK ("points_ledger"."delta" <> 0 OR "points_ledger"."shortfall" > 0)
);
--> statement-breakpoint
CREATE TABLE "aftersales_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"data" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aftersales_photos" (
	"id" serial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"storage_key" text NOT NULL,
	"url" text NOT NULL,
	"ticket_id" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aftersales_refunds" (
	"refund_id" integer PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"payment_id" integer NOT NULL,
	"amount" bigint NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"succeeded_at" timestamp with time zone,
	CONSTRAINT "aftersales_refunds_amount_ck" CHECK ("aftersales_refunds"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "aftersales_ticket_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"order_line_id" integer NOT NULL,
	"title" text NOT NULL,
	"image_url" text,
	"spec_values" jsonb NOT NULL,
	"quantity" integer NOT NULL,
	"refund_amount" bigint,
	"open" boolean DEFAULT true NOT NULL,
	CONSTRAINT "aftersales_ticket_lines_qty_ck" CHECK ("aftersales_ticket_lines"."quantity" > 0 AND ("aftersales_ticket_lines"."refund_amount" IS NULL OR "aftersales_ticket_lines"."refund_amount" >= 0))
);
--> statement-breakpoint
CREATE TABLE "aftersales_tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_no" text NOT NULL,
	"shopper_id" integer NOT NULL,
	"order_id" integer NOT NULL,
	"order_no" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"photos" jsonb NOT NULL,
	"requested_amount" bigint NOT NULL,
	"refund_amount" bigint,
	"shipping_amount" bigint DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"return_carrier" text,
	"return_tracking_no" text,
	"return_shipped_at" timestamp with time zone,
	"exchange_carrier" text,
	"exchange_tracking_no" text,
	"exchange_shipped_at" timestamp with time zone,
	"reject_reason" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "aftersales_tickets_amounts_ck" CHECK ("aftersales_tickets"."requested_amount" >= 0 AND "aftersales_tickets"."shipping_amount" >= 0 AND "aftersales_tickets"."refunded_amount" >= 0 AND ("aftersales_tickets"."refund_amount" IS NULL OR ("aftersales_tickets"."refund_amount" >= "aftersales_tickets"."shipping_amount" AND "aftersales_tickets"."refunded_amount" <= "aftersales_tickets"."refund_amount")))
);
--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_categories_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_images" ADD CONSTRAINT "product_images_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skus" ADD CONSTRAINT "skus_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_ledger" ADD CONSTRAINT "stock_ledger_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_reservations" ADD CONSTRAINT "stock_reservations_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_lines" ADD CONSTRAINT "stocktake_lines_stocktake_id_stocktakes_id_fk" FOREIGN KEY ("stocktake_id") REFERENCES "public"."stocktakes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stocktake_lines" ADD CONSTRAINT "stocktake_lines_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_items" ADD CONSTRAINT "cart_items_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "public"."carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_ledger" ADD CONSTRAINT "payment_ledger_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_ledger" ADD CONSTRAINT "payment_ledger_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopper_coupons" ADD CONSTRAINT "shopper_coupons_template_id_coupon_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."coupon_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_history" ADD CONSTRAINT "aftersales_history_ticket_id_aftersales_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."aftersales_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_photos" ADD CONSTRAINT "aftersales_photos_ticket_id_aftersales_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."aftersales_tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_refunds" ADD CONSTRAINT "aftersales_refunds_ticket_id_aftersales_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."aftersales_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aftersales_ticket_lines" ADD CONSTRAINT "aftersales_ticket_lines_ticket_id_aftersales_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."aftersales_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_created_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("actor_staff_id");--> statement-breakpoint
CREATE INDEX "idempotency_expires_idx" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("available_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "sessions_subject_idx" ON "sessions" USING btree ("subject_kind","subject_id");--> statement-breakpoint
CREATE INDEX "login_attempts_identifier_idx" ON "login_attempts" USING btree ("kind","identifier","created_at");--> statement-breakpoint
CREATE INDEX "login_attempts_ip_idx" ON "login_attempts" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "otp_codes_phone_idx" ON "otp_codes" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "otp_codes_ip_idx" ON "otp_codes" USING btree ("ip","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shoppers_email_uq" ON "shoppers" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "shoppers_phone_uq" ON "shoppers" USING btree ("phone");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_username_uq" ON "staff" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "shopper_messages_shopper_idx" ON "shopper_messages" USING btree ("shopper_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shopper_messages_dedupe_uq" ON "shopper_messages" USING btree ("shopper_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "staff_notifications_unread_idx" ON "staff_notifications" USING btree ("created_at") WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX "categories_parent_idx" ON "categories" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "categories_sibling_name_uq" ON "categories" USING btree (coalesce("parent_id", 0),"name");--> statement-breakpoint
CREATE INDEX "product_images_product_idx" ON "product_images" USING btree ("product_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "products_code_uq" ON "products" USING btree ("code");--> statement-breakpoint
CREATE INDEX "products_category_idx" ON "products" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "products_listing_idx" ON "products" USING btree ("on_shelf","sort_order");--> statement-breakpoint
CREATE INDEX "products_price_idx" ON "products" USING btree ("on_shelf","min_price_amount");--> statement-breakpoint
CREATE INDEX "products_search_trgm_idx" ON "products" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "skus_product_spec_uq" ON "skus" USING btree ("product_id","spec_key");--> statement-breakpoint
CREATE UNIQUE INDEX "skus_barcode_uq" ON "skus" USING btree ("barcode");--> statement-breakpoint
CREATE INDEX "skus_product_idx" ON "skus" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "stock_ledger_sku_idx" ON "stock_ledger" USING btree ("sku_id","id");--> statement-breakpoint
CREATE INDEX "stock_ledger_ref_idx" ON "stock_ledger" USING btree ("ref_type","ref_id");--> statement-breakpoint
CREATE INDEX "stock_ledger_created_idx" ON "stock_ledger" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_reservations_ref_uq" ON "stock_reservations" USING btree ("ref_type","ref_id","sku_id");--> statement-breakpoint
CREATE INDEX "stock_reservations_held_idx" ON "stock_reservations" USING btree ("sku_id") WHERE status = 'held';--> statement-breakpoint
CREATE UNIQUE INDEX "stocktake_lines_uq" ON "stocktake_lines" USING btree ("stocktake_id","sku_id");--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_lines_product_idx" ON "order_lines" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_order_no_uq" ON "orders" USING btree ("order_no");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_checkout_key_uq" ON "orders" USING btree ("shopper_id","checkout_key");--> statement-breakpoint
CREATE INDEX "orders_shopper_idx" ON "orders" USING btree ("shopper_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "orders_payment_due_idx" ON "orders" USING btree ("payment_due_at") WHERE status = 'awaiting_payment';--> statement-breakpoint
CREATE INDEX "orders_auto_complete_idx" ON "orders" USING btree ("auto_complete_at") WHERE status = 'shipped';--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_lines_uq" ON "shipment_lines" USING btree ("shipment_id","order_line_id");--> statement-breakpoint
CREATE INDEX "shipments_order_idx" ON "shipments" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipments_tracking_uq" ON "shipments" USING btree ("carrier","tracking_no");--> statement-breakpoint
CREATE UNIQUE INDEX "cart_items_cart_sku_uq" ON "cart_items" USING btree ("cart_id","sku_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carts_shopper_uq" ON "carts" USING btree ("shopper_id");--> statement-breakpoint
CREATE UNIQUE INDEX "carts_guest_token_uq" ON "carts" USING btree ("guest_token_hash");--> statement-breakpoint
CREATE INDEX "carts_guest_expiry_idx" ON "carts" USING btree ("expires_at") WHERE guest_token_hash IS NOT NULL;--> statement-breakpoint
CREATE INDEX "shopper_addresses_shopper_idx" ON "shopper_addresses" USING btree ("shopper_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shopper_addresses_default_uq" ON "shopper_addresses" USING btree ("shopper_id") WHERE is_default;--> statement-breakpoint
CREATE INDEX "payment_ledger_payment_idx" ON "payment_ledger" USING btree ("payment_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_ledger_money_in_uq" ON "payment_ledger" USING btree ("payment_id") WHERE kind IN ('payment', 'capture');--> statement-breakpoint
CREATE UNIQUE INDEX "payment_ledger_refund_uq" ON "payment_ledger" USING btree ("refund_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_payment_no_uq" ON "payments" USING btree ("payment_no");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_provider_txn_uq" ON "payments" USING btree ("provider","provider_txn_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_open_uq" ON "payments" USING btree ("ref_type","ref_id","stage","provider") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "payments_ref_idx" ON "payments" USING btree ("ref_type","ref_id");--> statement-breakpoint
CREATE INDEX "payments_shopper_idx" ON "payments" USING btree ("shopper_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_created_idx" ON "payments" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "payments_pending_expiry_idx" ON "payments" USING btree ("expires_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_refund_no_uq" ON "refunds" USING btree ("refund_no");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_provider_refund_uq" ON "refunds" USING btree ("provider","provider_refund_id");--> statement-breakpoint
CREATE INDEX "refunds_payment_idx" ON "refunds" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "refunds_ref_idx" ON "refunds" USING btree ("ref_type","ref_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_gateway_payments_out_trade_no_uq" ON "sandbox_gateway_payments" USING btree ("out_trade_no");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_gateway_refunds_out_refund_no_uq" ON "sandbox_gateway_refunds" USING btree ("out_refund_no");--> statement-breakpoint
CREATE INDEX "promotions_window_idx" ON "promotions" USING btree ("active","starts_at","ends_at");--> statement-breakpoint
CREATE INDEX "shopper_coupons_shopper_idx" ON "shopper_coupons" USING btree ("shopper_id","status","valid_until");--> statement-breakpoint
CREATE INDEX "shopper_coupons_template_idx" ON "shopper_coupons" USING btree ("template_id","shopper_id");--> statement-breakpoint
CREATE INDEX "points_ledger_shopper_idx" ON "points_ledger" USING btree ("shopper_id","id");--> statement-breakpoint
CREATE INDEX "points_ledger_order_idx" ON "points_ledger" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "points_ledger_once_uq" ON "points_ledger" USING btree ("order_id","reason") WHERE reason IN ('earn_order', 'spend_order', 'refund_order');--> statement-breakpoint
CREATE INDEX "aftersales_history_ticket_idx" ON "aftersales_history" USING btree ("ticket_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "aftersales_photos_url_uq" ON "aftersales_photos" USING btree ("url");--> statement-breakpoint
CREATE INDEX "aftersales_photos_shopper_idx" ON "aftersales_photos" USING btree ("shopper_id") WHERE ticket_id IS NULL;--> statement-breakpoint
CREATE INDEX "aftersales_refunds_ticket_idx" ON "aftersales_refunds" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "aftersales_ticket_lines_ticket_idx" ON "aftersales_ticket_lines" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "aftersales_ticket_lines_line_idx" ON "aftersales_ticket_lines" USING btree ("order_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "aftersales_ticket_lines_open_uq" ON "aftersales_ticket_lines" USING btree ("order_line_id") WHERE open;--> statement-breakpoint
CREATE UNIQUE INDEX "aftersales_tickets_no_uq" ON "aftersales_tickets" USING btree ("ticket_no");--> statement-breakpoint
CREATE INDEX "aftersales_tickets_shopper_idx" ON "aftersales_tickets" USING btree ("shopper_id","created_at");--> statement-breakpoint
CREATE INDEX "aftersales_tickets_order_idx" ON "aftersales_tickets" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "aftersales_tickets_status_idx" ON "aftersales_tickets" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "aftersales_tickets_order_no_idx" ON "aftersales_tickets" USING btree ("order_no");