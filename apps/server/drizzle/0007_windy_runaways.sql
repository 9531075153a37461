CREATE TABLE "shipping_carriers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"tracking_url" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping_product_templates" (
	"product_id" integer PRIMARY KEY NOT NULL,
	"template_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shipping_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"charge_by" text NOT NULL,
	"rules" jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "shipping_carriers_code_uq" ON "shipping_carriers" USING btree ("code");--> statement-breakpoint
CREATE INDEX "shipping_product_templates_template_idx" ON "shipping_product_templates" USING btree ("template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shipping_templates_default_uq" ON "shipping_templates" USING btree ("is_default") WHERE is_default;