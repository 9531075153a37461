import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@mall/contract';
import { createAppI18n } from '../src/i18n.ts';

describe('permission labels', () => {
  it.each(['zh-CN', 'en'] as const)('names every permission of the role table in %s', (locale) => {
    const { global } = createAppI18n(locale);
    for (const permission of PERMISSIONS) {
      const key = `permission.${permission}`;
      expect(global.te(key), key).toBe(true);
      expect(global.t(key)).not.toBe(key);
    }
  });

  it('names the newest ones in words', () => {
    expect(createAppI18n('zh-CN').global.t('permission.support.chat')).toBe('在线客服');
    expect(createAppI18n('en').global.t('permission.installation.manage')).toBe('Installation appointments');
  });
});
