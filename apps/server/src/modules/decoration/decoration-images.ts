import { recordAudit, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { detectImageType, IMAGE_CONTENT_TYPES, randomKey, type FileStorage } from '../../platform/storage.ts';

/** Content types a client may declare for an image upload; the bytes decide which it is. */
const DECLARABLE = [...Object.values(IMAGE_CONTENT_TYPES), 'image/jpg', 'application/octet-stream'];

/** Stores a decoration image (banner, image group); its type comes from the file's own bytes. */
export async function storeDecorationImage(deps: { db: Db; clock: Clock; storage: FileStorage }, ctx: StaffContext, file: { data: Buffer; declaredType: string }) {
  const type = detectImageType(file.data);
  if (!type || !DECLARABLE.includes(file.declaredType.toLowerCase())) throw new AppError('IMAGE_TYPE_UNSUPPORTED');
  const stored = await deps.storage.put(randomKey('decoration', type === 'jpeg' ? 'jpg' : type), file.data, IMAGE_CONTENT_TYPES[type]);
  await recordAudit(deps.db, deps.clock, ctx, { action: 'decoration.image.upload', entityType: 'decoration_image', entityId: stored.key, changes: { url: stored.url, type } });
  return { url: stored.url };
}
