CREATE TABLE "sandbox_transfers" (
	"transfer_id" text PRIMARY KEY NOT NULL,
	"transfer_no" text NOT NULL,
	"amount" bigint NOT NULL,
	"payee_account" text NOT NULL,
	"payee_name" text NOT NULL,
	"remark" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sandbox_transfers_amount_ck" CHECK ("sandbox_transfers"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "payout_route" text;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "payout_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "payout_checks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "withdrawals" ADD COLUMN "payout_by" text;--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_transfers_transfer_no_uq" ON "sandbox_transfers" USING btree ("transfer_no");--> statement-breakpoint
CREATE INDEX "withdrawals_payout_check_idx" ON "withdrawals" USING btree ("payout_check_at") WHERE "withdrawals"."status" = 'approved';