import { describe, expect, it } from 'vitest';
import { faqSearchTerms, faqSearchText, keywordTerms, plainText, searchLadder } from './support.rules.ts';

describe('support rules', () => {
  it('turns sanitised HTML into searchable plain text', () => {
    expect(plainText('<p>如何<b>退款</b></p><p>第二段&amp;更多</p><ul><li>A</li><li>B</li></ul>')).toBe('如何退款 第二段&更多 a b');
    expect(faqSearchText('Refund 怎么申请', '<p>点<strong>申请</strong></p>')).toBe('refund 怎么申请 点申请');
  });

  it('splits queries on any white space, full-width too, and refuses empty ones', () => {
    expect(faqSearchTerms(' 退款　怎么  申请 退款 ')).toEqual(['退款', '怎么', '申请']);
    expect(faqSearchTerms('ＡＢＣ')).toEqual(['abc']);
    expect(() => faqSearchTerms(' 　 ')).toThrow(expect.objectContaining({ code: 'FAQ_SEARCH_EMPTY' }));
    expect(keywordTerms(undefined)).toEqual([]);
  });

  it('widens the region step by step up to the province', () => {
    expect(searchLadder({ province: '浙江省', city: '杭州市', district: '西湖区' }).map((s) => s.scope)).toEqual(['district', 'city', 'province']);
    expect(searchLadder({ province: '浙江省', city: '杭州市' }).map((s) => s.scope)).toEqual(['city', 'province']);
    expect(searchLadder({ province: '浙江省', district: '西湖区' }).map((s) => s.scope)).toEqual(['province']);
  });
});
