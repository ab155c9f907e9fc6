import { describe, expect, it } from 'vitest';
import {
  categories,
  employmentForms,
  formatMinutes,
  formatRange,
  formatWage,
  fromMinutes,
  homeGroup,
  isWarningReason,
  label,
  labels,
  payMonths,
  prefectureOf,
  renewalWindowOpen,
  scopes,
  todayJST,
  toMinutes,
  weekdays,
} from './postingLabels';

describe('code lists (generated from the enums of codes.proto)', () => {
  it('names the 求人区分, 雇用形態 and 公開範囲 as the service does', () => {
    expect(label(categories, 'CATEGORY_GENERAL')).toBe('一般求人');
    expect(label(categories, 'CATEGORY_DISABILITY')).toBe('障害のある方のための求人');
    expect(label(employmentForms, 'EMPLOYMENT_FORM_REGULAR')).toBe('正社員');
    expect(label(employmentForms, 'EMPLOYMENT_FORM_PART_TIME')).toBe('パート労働者');
    expect(label(scopes, 'SCOPE_NOT_PUBLISHED')).toBe('求人情報を公開しない');
  });
  it('keeps the proto order and leaves out the unset value', () => {
    expect(categories.map(([c]) => c)).toEqual([
      'CATEGORY_GENERAL',
      'CATEGORY_GRADUATE',
      'CATEGORY_HIGH_SCHOOL',
      'CATEGORY_JUNIOR_HIGH',
      'CATEGORY_SEASONAL',
      'CATEGORY_DEKASEGI',
      'CATEGORY_DISABILITY',
    ]);
  });
  it('gives "" for an unknown or unset code', () => {
    expect(label(categories, 'CATEGORY_UNSPECIFIED')).toBe('');
    expect(label(categories, undefined)).toBe('');
    expect(label(categories, 'CATEGORY_NONE')).toBe('');
  });
  it('names 賃金支払月 by its number, 0 included', () => {
    expect(label(payMonths, 0)).toBe('当月');
    expect(label(payMonths, '1')).toBe('翌月');
  });
  it('joins several codes', () => {
    expect(labels(weekdays, ['WEEKDAY_SATURDAY', 'WEEKDAY_SUNDAY', 'WEEKDAY_NATIONAL_HOLIDAYS'])).toBe('土、日、祝日');
    expect(labels(weekdays, undefined)).toBe('');
  });
});

describe('homeGroup (JOB-6)', () => {
  it.each([
    ['CATEGORY_GENERAL', '一般'],
    ['CATEGORY_GRADUATE', '学卒'],
    ['CATEGORY_HIGH_SCHOOL', '学卒'],
    ['CATEGORY_JUNIOR_HIGH', '学卒'],
    ['CATEGORY_SEASONAL', '一般'],
    ['CATEGORY_DEKASEGI', '一般'],
    ['CATEGORY_DISABILITY', '障害者'],
    ['CATEGORY_UNSPECIFIED', ''],
    [undefined, ''],
  ] as const)('%j → %j', (c, want) => {
    expect(homeGroup(c)).toBe(want);
  });
});

describe('prefectureOf', () => {
  it.each([
    ['13101', '東京都'],
    ['05201', '秋田県'],
    ['01100', '北海道'],
    ['47201', '沖縄県'],
    ['48001', ''],
    ['1310', ''],
    ['', ''],
  ])('%j → %j', (m, want) => {
    expect(prefectureOf(m)).toBe(want);
  });
});

describe('wages', () => {
  it('prints ranges and single amounts in yen', () => {
    expect(formatRange({ lower: 230000, upper: 280000 })).toBe('230,000円〜280,000円');
    expect(formatRange({ lower: 1200 })).toBe('1,200円');
    expect(formatRange({ lower: 1200, upper: 1200 })).toBe('1,200円');
    expect(formatRange(undefined)).toBe('');
  });
  it('prints the wage display with the monthly equivalent of an hourly wage', () => {
    expect(formatWage({ form: '月給', total: { lower: 250000, upper: 300000 } })).toBe('月給 250,000円〜300,000円');
    expect(formatWage({ form: '時給', total: { lower: 1200 }, monthly_equivalent: { lower: 189000 } })).toBe(
      '時給 1,200円（月額換算 189,000円）',
    );
    expect(formatWage(undefined)).toBe('');
  });
});

describe('times', () => {
  it('reads and writes HH:MM as minutes after midnight', () => {
    expect(toMinutes('09:00')).toBe(540);
    expect(toMinutes('18:30')).toBe(1110);
    expect(toMinutes('24:00')).toBe(-1);
    expect(toMinutes('9時')).toBe(-1);
    expect(fromMinutes(540)).toBe('09:00');
    expect(fromMinutes(undefined)).toBe('');
    expect(formatMinutes(1110)).toBe('18時30分');
  });
});

describe('renewalWindowOpen (JOB-5: from 14 days before the 紹介期限日)', () => {
  it.each([
    ['2026-06-15', false], // day 15 before 06-30
    ['2026-06-16', true], // day 14
    ['2026-06-30', true],
    ['2026-07-01', false],
  ])('on %s → %j', (today, want) => {
    expect(renewalWindowOpen('2026-06-16', '2026-06-30', today)).toBe(want);
  });
  it('is closed without dates', () => {
    expect(renewalWindowOpen(undefined, '2026-06-30', '2026-06-20')).toBe(false);
  });
  it('takes today in JST', () => {
    expect(todayJST(new Date('2026-06-15T15:30:00Z'))).toBe('2026-06-16');
  });
});

describe('isWarningReason', () => {
  it.each([
    ['LABOUR_BREAK_SHORT', true],
    ['MINIMUM_WAGE_BELOW_COMING', true],
    ['MINIMUM_WAGE_BELOW', false],
    ['REQUIRED', false],
  ])('%s → %j', (r, want) => {
    expect(isWarningReason(r)).toBe(want);
  });
});
