CREATE TABLE "decoration_pages" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"draft_body" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"draft_updated_at" timestamp with time zone NOT NULL,
	"published_version_id" integer,
	"published_revision" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "decoration_pages_revision_ck" CHECK ("decoration_pages"."revision" >= 1)
);
--> statement-breakpoint
CREATE TABLE "decoration_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"page_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"body" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" integer
);
--> statement-breakpoint
ALTER TABLE "decoration_pages" ADD CONSTRAINT "decoration_pages_published_version_id_decoration_versions_id_fk" FOREIGN KEY ("published_version_id") REFERENCES "public"."decoration_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decoration_versions" ADD CONSTRAINT "decoration_versions_page_id_decoration_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."decoration_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "decoration_pages_slug_uq" ON "decoration_pages" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "decoration_pages_home_uq" ON "decoration_pages" USING btree ("kind") WHERE kind = 'home';--> statement-breakpoint
CREATE INDEX "decoration_versions_page_idx" ON "decoration_versions" USING btree ("page_id","id");