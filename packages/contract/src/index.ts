export * from './common.ts';
export * from './money.ts';
export * from './errors.ts';
export * from './roles.ts';
export * from './accounts.ts';
export * from './catalog.ts';
export * from './inventory.ts';
