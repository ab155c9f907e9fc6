import { describe, expect, it } from 'vitest';
import type { Posting } from '../api/client';
import { allowanceKinds, payForms } from './postingLabels';
import { payText, postal, sheetOf } from './postingSheet';

const kind = allowanceKinds[0]?.[0];
const monthly = payForms[0]?.[0];

// Codes from the code lists (numbers, or enum names once the API has enums).
const posting = {
  job_number: '13010-12345678',
  accepted_on: '2026-12-03',
  referral_deadline: '2027-02-28',
  wage: { form: '月給', total: { lower: 250000, upper: 300000 } },
  content: {
    job: {
      occupation: '一般事務',
      description: '書類作成',
      trial: { has: true, months: 3, conditions: '時給で計算', pay: { form: monthly, base: { lower: 200000 }, allowances: [{ name: '研修手当', kind, amount: { lower: 10000 } }] } },
    },
    wage: {
      pay: {
        form: monthly,
        base: { lower: 230000, upper: 280000 },
        allowances: [
          { name: '職務手当', kind, amount: { lower: 20000 } },
          { name: '資格手当', kind, amount: { lower: 5000 } },
        ],
      },
    },
  },
} as unknown as Posting;

const rows = (p: Posting) => Object.fromEntries(sheetOf(p, undefined).flatMap((part) => part.rows));

describe('sheetOf (求人票)', () => {
  it('prints the 求人番号, 職種, the wage and every 手当', () => {
    const r = rows(posting);
    expect(r['求人番号']).toBe('13010-12345678');
    expect(r['職種']).toBe('一般事務');
    expect(r['賃金（a＋b）']).toBe('月給 250,000円〜300,000円');
    expect(r['定期的に支払われる手当（b）']?.split('\n')).toHaveLength(2);
    expect(r['定期的に支払われる手当（b）']).toContain('資格手当　5,000円');
  });
  it('prints a differing 試用期間 with its own wage and 手当', () => {
    const r = rows(posting);
    expect(r['試用期間']).toBe('あり（3か月）　労働条件は異なる');
    expect(r['試用期間中の基本給']).toContain('200,000円');
    expect(r['試用期間中の手当']).toContain('研修手当');
  });
  it('leaves out the empty rows, the parts without any, and the establishment it could not read', () => {
    const parts = sheetOf({ content: { job: { occupation: '一般事務' } } }, undefined);
    expect(parts.map((p) => p.title)).toEqual(['仕事内容']);
    expect(parts[0]?.rows.every(([, v]) => v !== '')).toBe(true);
    expect(sheetOf(posting, { establishment_number: '1301-000001-2', profile: { basic: { name: '厚労商事' } } }).find((p) => p.title === '求人事業所')?.rows).toEqual([
      ['事業所番号', '1301-000001-2'],
      ['事業所名', '厚労商事'],
    ]);
  });
  it('reads int64 amounts the API writes as strings', () => {
    expect(payText({ base: { lower: '230000' as unknown as number } }).base).toBe('230,000円');
  });
});

describe('postal', () => {
  it('prints a 郵便番号 with its hyphen whether stored with it or not', () => {
    expect(postal('1008916')).toBe('100-8916');
    expect(postal('100-0001')).toBe('100-0001');
    expect(postal('')).toBe('');
  });
});
