CREATE TABLE "tracking_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"shipment_id" integer NOT NULL,
	"event_key" text NOT NULL,
	"status" text NOT NULL,
	"description" text NOT NULL,
	"location" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installation_appointments" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" integer NOT NULL,
	"shopper_id" integer NOT NULL,
	"status" text NOT NULL,
	"slot_date" text NOT NULL,
	"slot_period" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"staff_note" text DEFAULT '' NOT NULL,
	"technician" text DEFAULT '' NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" text,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installation_products" (
	"product_id" integer PRIMARY KEY NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"conversation_id" integer NOT NULL,
	"from_staff_id" integer,
	"to_staff_id" integer,
	"actor" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_conversations" (
	"id" serial PRIMARY KEY NOT NULL,
	"shopper_id" integer NOT NULL,
	"assigned_staff_id" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"last_message_id" integer,
	"last_message_at" timestamp with time zone,
	"shopper_read_id" integer DEFAULT 0 NOT NULL,
	"staff_read_id" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"conversation_id" integer NOT NULL,
	"sender_type" text NOT NULL,
	"sender_id" integer,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"card" jsonb,
	"client_msg_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "carrier_code" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "tracking_status" text DEFAULT 'shipped' NOT NULL;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "next_poll_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_assignments" ADD CONSTRAINT "chat_assignments_conversation_id_chat_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."chat_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_conversation_id_chat_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."chat_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracking_events_key_uq" ON "tracking_events" USING btree ("shipment_id","event_key");--> statement-breakpoint
CREATE INDEX "tracking_events_shipment_idx" ON "tracking_events" USING btree ("shipment_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "installation_appointments_live_uq" ON "installation_appointments" USING btree ("order_id") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE INDEX "installation_appointments_slot_idx" ON "installation_appointments" USING btree ("slot_date","slot_period") WHERE status IN ('requested', 'confirmed');--> statement-breakpoint
CREATE INDEX "installation_appointments_shopper_idx" ON "installation_appointments" USING btree ("shopper_id");--> statement-breakpoint
CREATE INDEX "chat_assignments_conversation_idx" ON "chat_assignments" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_conversations_shopper_uq" ON "chat_conversations" USING btree ("shopper_id");--> statement-breakpoint
CREATE INDEX "chat_conversations_staff_idx" ON "chat_conversations" USING btree ("assigned_staff_id","last_message_at");--> statement-breakpoint
CREATE INDEX "chat_messages_conversation_idx" ON "chat_messages" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_messages_client_uq" ON "chat_messages" USING btree ("conversation_id","sender_type","client_msg_id") WHERE client_msg_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "shipments_poll_idx" ON "shipments" USING btree ("next_poll_at") WHERE delivered_at IS NULL;