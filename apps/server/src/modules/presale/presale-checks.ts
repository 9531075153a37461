// Checks shared by creating and editing a campaign: items against their SKUs, and SKU overlap.
import type { DepositKind, PresaleType } from '@mall/contract';
import type { DbOrTx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './presale.repo.ts';
import { itemTermsProblems, productProblems, resolveDeposit, type DepositGiven, type ItemTerms, type RuleProblem } from './presale.rules.ts';

/** Throws the first problem's code, with every problem as a field error. */
export function assertNoProblems(problems: readonly RuleProblem[]): void {
  const first = problems[0];
  if (!first) return;
  throw new AppError(first.code, first.params ?? {}, problems.map((p) => ({ path: p.path, message: p.message, ...(p.code === 'VALIDATION_FAILED' ? {} : { code: p.code, params: p.params }) })));
}

export interface ItemCheck {
  path: string;
  skuId: number;
  presalePrice: number;
  given: DepositGiven;
  /** The item's deposit as stored, for an item already in the campaign. */
  current: { deposit: number | null; depositValue: number | null } | null;
  quota: number;
  perBuyerLimit: number;
  /** Joining the campaign now: the SKU must exist, be active, and its product may join a presale. */
  isNew: boolean;
  /** Its terms change (or the campaign's type or deposit kind does): check them. */
  validate: boolean;
}

export type ResolvedItem = ItemTerms & { productId: number };

export async function checkItems(
  tx: DbOrTx,
  opts: { type: PresaleType; depositKind: DepositKind | null; capPercent: number; items: readonly ItemCheck[] },
): Promise<{ resolved: Map<number, ResolvedItem>; problems: RuleProblem[] }> {
  const bySku = new Map((await repo.skusWithProducts(tx, opts.items.map((i) => i.skuId))).map((s) => [s.skuId, s]));
  const resolved = new Map<number, ResolvedItem>();
  const problems: RuleProblem[] = [];
  for (const item of opts.items) {
    const sku = bySku.get(item.skuId);
    if (!sku || (item.isNew && !sku.active)) {
      problems.push({ code: 'PRESALE_SKU_UNKNOWN', path: `${item.path}.skuId`, message: 'no such active SKU', params: { skuId: item.skuId } });
      continue;
    }
    if (item.isNew) problems.push(...productProblems(sku, `${item.path}.skuId`));
    const deposit = resolveDeposit(opts.type, item.presalePrice, item.given, item.current, item.path);
    const terms: ItemTerms = {
      presalePrice: item.presalePrice,
      deposit: deposit.deposit,
      depositValue: deposit.depositValue,
      quota: item.quota,
      perBuyerLimit: item.perBuyerLimit,
    };
    if (item.validate) {
      problems.push(...deposit.problems);
      problems.push(...itemTermsProblems({ path: item.path, type: opts.type, depositKind: opts.depositKind, capPercent: opts.capPercent, regularPrice: sku.price, terms }));
    }
    resolved.set(item.skuId, { ...terms, productId: sku.productId });
  }
  return { resolved, problems };
}

/**
 * One SKU is in at most one campaign whose order window overlaps another's. Call after
 * lockSkus, in the same transaction, so a concurrent writer for the same SKU waits its turn.
 */
export async function assertNoOverlap(
  tx: DbOrTx,
  input: { skuIds: readonly number[]; startsAt: Date; endsAt: Date; exceptCampaignId?: number; pathOf: (skuId: number) => string },
): Promise<void> {
  const clashes = await repo.overlappingItems(tx, input);
  const first = clashes[0];
  if (!first) return;
  throw new AppError(
    'PRESALE_SKU_IN_OTHER_CAMPAIGN',
    { skuId: first.skuId, campaign: first.campaignName, campaignId: first.campaignId },
    clashes.map((c) => ({ path: input.pathOf(c.skuId), message: `SKU ${c.skuId} is in campaign ${c.campaignId} ("${c.campaignName}") over an overlapping window` })),
  );
}
