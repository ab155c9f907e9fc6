import { describe, expect, it } from 'vitest';
import {
  chars,
  deadlinePassed,
  decisionLabel,
  directRequestForm,
  emptyResult,
  emptySearch,
  messageForm,
  resultForm,
  resultFormOf,
  resultInput,
  searchForm,
  searchQuery,
  splitLicences,
} from './applicants';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));

describe('MSG-1 message', () => {
  it.each([
    ['empty', '', 'メッセージを入力してください。'],
    ['blank lines only', '\n\n ', 'メッセージを入力してください。'],
    ['2,001 characters', 'あ'.repeat(2001), 'メッセージは2,000文字以内で入力してください。'],
    ['a control character', 'a\u0007b', 'メッセージに使用できない文字が含まれています。'],
  ])('refuses %s', (_, body, want) => {
    expect(issues(messageForm.safeParse({ body })).body).toBe(want);
  });
  it('takes 2,000 characters counted as code points (an emoji is one)', () => {
    expect(messageForm.safeParse({ body: 'あ'.repeat(1999) + '😀' }).success).toBe(true);
    expect(chars('😀\r\nあ')).toBe(3);
  });
});

describe('APP-2 selection result', () => {
  const hired = { ...emptyResult, decision: 'DECISION_HIRED' as const };
  it('needs a decision', () => {
    expect(issues(resultForm.safeParse(emptyResult)).decision).toBe('選考結果を選択してください。');
  });
  it('needs the 相違 answer for 採用', () => {
    expect(issues(resultForm.safeParse(hired)).condition_mismatch).toBe('求人票の労働条件と採用条件の相違を選択してください。');
  });
  it('needs the detail when there is a 相違, up to 500 characters', () => {
    expect(issues(resultForm.safeParse({ ...hired, condition_mismatch: 'yes' })).mismatch_detail).toBe('相違の内容を入力してください。');
    expect(issues(resultForm.safeParse({ ...hired, condition_mismatch: 'yes', mismatch_detail: 'あ'.repeat(501) })).mismatch_detail).toBe(
      '相違の内容は500文字以内で入力してください。',
    );
  });
  it('does not ask 不採用 for the 相違', () => {
    expect(resultForm.safeParse({ ...emptyResult, decision: 'DECISION_NOT_HIRED' }).success).toBe(true);
  });
  it('sends only the fields of the decision', () => {
    const v = { ...hired, condition_mismatch: 'no' as const, mismatch_detail: 'x', hire_date: '2026-12-01', employment_form: 'EMPLOYMENT_FORM_REGULAR', not_hired_reason: 'x' };
    expect(resultInput(v)).toEqual({ decision: 'DECISION_HIRED', condition_mismatch: false, hire_date: '2026-12-01', employment_form: 'EMPLOYMENT_FORM_REGULAR' });
    expect(resultInput({ ...emptyResult, decision: 'DECISION_NOT_HIRED', condition_mismatch: 'no', hire_date: '2026-12-01', not_hired_reason: ' 経験 ' })).toEqual({
      decision: 'DECISION_NOT_HIRED',
      not_hired_reason: '経験',
    });
  });
  it('sends the employment form of a step kept before the codes were enums (a number) by its name', () => {
    const v = { ...hired, condition_mismatch: 'no' as const, employment_form: '5' };
    expect(resultInput(v).employment_form).toBe('EMPLOYMENT_FORM_PART_TIME');
  });
  it('fills a correction from the result in force', () => {
    expect(
      resultFormOf({ decision: 'DECISION_HIRED', condition_mismatch: true, mismatch_detail: '賃金', hire_date: '2026-12-01', employment_form: 'EMPLOYMENT_FORM_NON_REGULAR' }),
    ).toEqual({
      ...emptyResult,
      decision: 'DECISION_HIRED',
      condition_mismatch: 'yes',
      mismatch_detail: '賃金',
      hire_date: '2026-12-01',
      employment_form: 'EMPLOYMENT_FORM_NON_REGULAR',
    });
    expect(resultFormOf({ decision: 'DECISION_NOT_HIRED', employment_form: 'EMPLOYMENT_FORM_UNSPECIFIED' }).employment_form).toBe('');
  });
  it('labels a missing result 選考中', () => {
    expect(decisionLabel(undefined)).toBe('選考中');
    expect(decisionLabel('DECISION_HIRED')).toBe('採用');
  });
  it('knows the last day of the deadline (JST) is still open', () => {
    // 翌々々月末 9/30: open all day in JST, closed from 10/1 00:00 JST.
    expect(deadlinePassed('2026-09-30', new Date('2026-09-30T14:59:59Z'))).toBe(false);
    expect(deadlinePassed('2026-09-30', new Date('2026-09-30T15:00:00Z'))).toBe(true);
    expect(deadlinePassed('', new Date())).toBe(false);
  });
});

describe('SEEK-1 search and direct request', () => {
  it('builds the query of the filters given', () => {
    const v = {
      ...emptySearch,
      prefecture: '13',
      employment_form: 'EMPLOYMENT_FORM_PART_TIME',
      wage_form: 'PAY_FORM_MONTHLY',
      wage_yen: '200000',
      licences: '普通自動車免許\n簿記2級',
      keyword: ' 事務 ',
    };
    expect(searchQuery(v, 'tok')).toEqual({
      prefecture: 13,
      employment_form: 'EMPLOYMENT_FORM_PART_TIME',
      'offered_wage.form': 'PAY_FORM_MONTHLY',
      'offered_wage.yen': 200000,
      licences: ['普通自動車免許', '簿記2級'],
      keyword: '事務',
      page_token: 'tok',
    });
  });
  it('reads the codes of a search bookmarked before the enums (numbers) as names', () => {
    expect(searchQuery({ ...emptySearch, employment_form: '1', wage_form: '3', wage_yen: '1200' })).toEqual({
      employment_form: 'EMPLOYMENT_FORM_REGULAR',
      'offered_wage.form': 'PAY_FORM_HOURLY',
      'offered_wage.yen': 1200,
    });
  });
  it('takes at most 5 licences and asks the wage form with an amount', () => {
    expect(splitLicences('a、b,c\nd，e')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(issues(searchForm.safeParse({ ...emptySearch, licences: 'a\nb\nc\nd\ne\nf' })).licences).toBe('免許・資格は5つまで入力してください。');
    expect(issues(searchForm.safeParse({ ...emptySearch, wage_yen: '1000' })).wage_form).toBe('賃金形態を選択してください。');
  });
  it('needs a posting and a message for a direct request', () => {
    const r = issues(directRequestForm.safeParse({ posting_id: '', message: '' }));
    expect(r.posting_id).toBe('求人を選択してください。');
    expect(r.message).toBe('メッセージを入力してください。');
  });
});
