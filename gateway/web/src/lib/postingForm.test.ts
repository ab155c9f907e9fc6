import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  codeNamesOf,
  fieldName,
  formFieldOf,
  fromSection,
  isShown,
  itemsShown,
  layoutOf,
  loadLocal,
  maxAllowances,
  sameValues,
  saveLocal,
  sectionFields,
  sectionOf,
  sections,
  sectionSchema,
  shownFields,
  shownValues,
  toSection,
  withoutItem,
} from './postingForm';
import { allowanceKinds, payForms } from './postingLabels';

describe('sections (domain.md §2.5 order)', () => {
  it('lists the eight sections in order', () => {
    expect(sections.map((s) => s.title)).toEqual([
      '求人区分等情報',
      '事業所情報',
      '仕事内容情報',
      '賃金・手当情報',
      '労働時間情報',
      '保険・年金・定年等情報',
      '求人PR情報',
      '選考方法情報',
    ]);
  });
});

describe('toSection / fromSection', () => {
  it('builds the wage section with nested pay, a tenths field and no untouched 固定残業代', () => {
    const v = fromSection('wage', undefined);
    Object.assign(v, {
      pay__form: 'PAY_FORM_MONTHLY',
      pay__base__lower: '２３００００',
      pay__base__upper: '280000',
      pay__allowances__0__name: '職務手当',
      pay__allowances__0__kind: 'ALLOWANCE_KIND_REGULAR',
      pay__allowances__0__amount__lower: '20000',
      monthly_work_days_tenths: '20.5',
      closing_day: '31',
      pay_month: '1',
      pay_day: '25',
    });
    expect(toSection('wage', v)).toEqual({
      pay: { form: 'PAY_FORM_MONTHLY', base: { lower: 230000, upper: 280000 }, allowances: [{ name: '職務手当', kind: 'ALLOWANCE_KIND_REGULAR', amount: { lower: 20000 } }] },
      monthly_work_days_tenths: 205,
      closing_day: 31,
      pay_month: 1,
      pay_day: 25,
    });
  });
  it('turns times into minutes and drops empty shifts', () => {
    const v = fromSection('hours', undefined);
    Object.assign(v, { shifts__0__start: '09:00', shifts__0__end: '18:00', break_minutes: '60', two_days_off: 'WEEKLY_TWO_DAYS_OFF_EVERY_WEEK', days_off: ['WEEKDAY_SATURDAY', 'WEEKDAY_SUNDAY'] });
    expect(toSection('hours', v)).toEqual({ shifts: [{ start: 540, end: 1080 }], break_minutes: 60, two_days_off: 'WEEKLY_TWO_DAYS_OFF_EVERY_WEEK', days_off: ['WEEKDAY_SATURDAY', 'WEEKDAY_SUNDAY'] });
  });
  it('round-trips a saved section', () => {
    const saved = {
      occupation: '一般事務',
      description: '事務',
      employment_form: 'EMPLOYMENT_FORM_REGULAR',
      dispatch: 'DISPATCH_CONTRACT_NONE',
      age: { limited: true, max: 59, exception: 'AGE_EXCEPTION_RETIREMENT', reason: '定年' },
      education: 'REQUIREMENT_NOT_REQUIRED',
      experience: 'REQUIREMENT_NOT_REQUIRED',
      licences: 'REQUIREMENT_NOT_REQUIRED',
      driver_licence: 'DRIVER_LICENCE_NOT_NEEDED',
    };
    expect(toSection('job', fromSection('job', saved))).toEqual(saved);
  });
  it('sends the numbers of a local copy typed before the codes were enums as numbers', () => {
    const v = { ...fromSection('category', undefined), category: '1', scope: 'SCOPE_FULL', openings: '2' };
    expect(toSection('category', v)).toEqual({ category: 1, scope: 'SCOPE_FULL', openings: 2 });
  });
  it('reads an unset enum (…_UNSPECIFIED, as the gateway writes it) as not chosen', () => {
    const v = fromSection('category', { category: 'CATEGORY_UNSPECIFIED', scope: 'SCOPE_FULL', openings: 0 });
    expect(v.category).toBe('');
    expect(v.scope).toBe('SCOPE_FULL');
    expect(toSection('category', v)).toEqual({ scope: 'SCOPE_FULL' });
  });
  it('keeps 当月 (pay_month 0) of a saved section and the optional yes/no', () => {
    expect(fromSection('wage', { closing_day: 31 }).pay_month).toBe('');
    expect(fromSection('wage', { closing_day: 31, pay_month: 0 }).pay_month).toBe('0');
    const sel = fromSection('selection', { document_upload: false });
    expect(sel.document_upload).toBe('no');
    expect(toSection('selection', sel)).toEqual({ document_upload: false });
  });
});

describe('sectionSchema (form rules)', () => {
  it('asks for the required fields and checks numbers', () => {
    const r = sectionSchema('category').safeParse({ ...fromSection('category', undefined), openings: '1000' });
    expect(r.success).toBe(false);
    const msgs = r.success ? [] : r.error.issues.map((i) => `${String(i.path[0])}:${i.message}`);
    expect(msgs).toContain('category:求人区分を選択してください。');
    expect(msgs).toContain('openings:採用人数は1〜999の範囲で入力してください。');
  });
  it('bounds text to the service limits', () => {
    const v = { ...fromSection('job', undefined), occupation: 'あ'.repeat(31) };
    const r = sectionSchema('job').safeParse(v);
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toContain('職種は30文字以内で入力してください。');
  });
  it('accepts a complete section', () => {
    const v = { ...fromSection('pr', undefined), pr: '歓迎します。', features: ['FEATURE_SMOKING_MEASURES'] };
    expect(sectionSchema('pr').safeParse(v).success).toBe(true);
  });
});

describe('formFieldOf (server violations on the right field)', () => {
  it.each([
    ['category', 'category.online', 'online_application'],
    ['job', 'job.form', 'employment_form'],
    ['wage', 'wage.base.lower', 'pay__base__lower'],
    ['wage', 'wage.monthly_work_days', 'monthly_work_days_tenths'],
    ['wage', 'wage.fixed_overtime.excess_note', 'pay__fixed_overtime__excess_note'],
    ['hours', 'hours.shifts.0', 'shifts__0__start'],
    ['job', 'job.trial.pay', 'trial__pay__form'],
    ['selection', 'selection.contact.phone', 'contact__phone'],
    ['workplace', 'workplace.nowhere', ''],
  ] as const)('%s %s → %s', (key, path, want) => {
    expect(formFieldOf(key, path)).toBe(want);
  });
  it('finds the section of a path', () => {
    expect(sectionOf('wage.base.lower')).toBe('wage');
    expect(sectionOf('x.y')).toBeUndefined();
  });
  it('has a field for every alias target', () => {
    for (const s of sections) for (const d of sectionFields[s.key]) expect(d.label).not.toBe('');
  });
});

describe('sameValues', () => {
  it('ignores the order of checks and unset booleans', () => {
    expect(sameValues({ a: ['1', '2'], b: false }, { a: ['2', '1'] })).toBe(true);
    expect(sameValues({ a: 'x' }, { a: 'y' })).toBe(false);
  });
});

// The 手当 of section 4 and of the 試用期間 (section 3) are repeated items (JOB-1, §2.5).
describe('repeated 手当 (allowances)', () => {
  // The first 手当 kind as the API writes it (a code list's own value: written so that
  // the test holds whether the codes are numbers or enum names).
  const code = allowanceKinds[0]?.[0];
  const kind = String(code);
  const wage = sectionFields.wage;
  it('sends several 手当 in order, the main pay and the trial pay each with their own', () => {
    const v = fromSection('wage', undefined);
    Object.assign(v, {
      pay__allowances__0__name: '職務手当',
      pay__allowances__0__kind: kind,
      pay__allowances__0__amount__lower: '20000',
      pay__allowances__1__name: '資格手当',
      pay__allowances__1__kind: kind,
      pay__allowances__1__amount__lower: '5000',
    });
    expect((toSection('wage', v).pay as { allowances: unknown[] }).allowances).toEqual([
      { name: '職務手当', kind: code, amount: { lower: 20000 } },
      { name: '資格手当', kind: code, amount: { lower: 5000 } },
    ]);
    const trial = { has: true, months: 3, conditions: '時給で計算', pay: { form: payForms[0]?.[0], base: { lower: 200000 }, allowances: [{ name: '研修手当', kind: code, amount: { lower: 10000 } }, { name: '住宅手当', kind: code, amount: { lower: 8000 } }] } };
    const job = fromSection('job', { trial });
    expect(job.trial__pay__allowances__1__name).toBe('住宅手当');
    expect(toSection('job', job)).toEqual({ trial });
  });
  it('shows every item up to the last one typed, at least one, and the ones added', () => {
    const v = fromSection('wage', undefined);
    expect(itemsShown(wage, v)).toEqual({ 'pay.allowances': 1 });
    v.pay__allowances__2__name = '家族手当';
    expect(itemsShown(wage, v)).toEqual({ 'pay.allowances': 3 });
    expect(itemsShown(wage, v, { 'pay.allowances': 5 })).toEqual({ 'pay.allowances': 5 });
  });
  it('lays the items out together, with one 追加 after the last field of the list', () => {
    const blocks = layoutOf(wage, { 'pay.allowances': 2 });
    const items = blocks.filter((b) => b.kind === 'item');
    expect(items.map((b) => (b.kind === 'item' ? [b.index, b.defs.length, b.group] : []))).toEqual([
      [0, 4, '定期的に支払われる手当（b）'],
      [1, 4, undefined],
    ]);
    const add = blocks.findIndex((b) => b.kind === 'add');
    expect(blocks[add - 1]).toBe(items[1]);
    expect(blocks.filter((b) => b.kind === 'add')).toHaveLength(1);
    expect(blocks.filter((b) => b.kind === 'field')).toHaveLength(wage.length - maxAllowances * 4);
  });
  it('removing an item moves the later ones up and empties the last', () => {
    const v = fromSection('wage', undefined);
    Object.assign(v, { pay__allowances__0__name: 'A', pay__allowances__1__name: 'B', pay__allowances__1__amount__lower: '2', pay__allowances__2__name: 'C' });
    const after = { ...v, ...withoutItem(wage, v, 'pay.allowances', 0) };
    expect([after.pay__allowances__0__name, after.pay__allowances__0__amount__lower, after.pay__allowances__1__name, after.pay__allowances__2__name]).toEqual(['B', '2', 'C', '']);
    expect(itemsShown(wage, after)).toEqual({ 'pay.allowances': 2 });
  });
  it('puts the service violations of a second 手当 and of the trial wage on their fields', () => {
    expect(formFieldOf('wage', 'wage.allowances.1.name')).toBe('pay__allowances__1__name');
    expect(formFieldOf('wage', 'wage.allowances.1.amount')).toBe('pay__allowances__1__amount__lower');
    expect(formFieldOf('job', 'job.trial.pay.base.lower')).toBe('trial__pay__base__lower');
    expect(formFieldOf('job', 'job.trial.pay.allowances.1.name')).toBe('trial__pay__allowances__1__name');
    expect(formFieldOf('job', 'job.trial.pay.base')).toBe('trial__pay__base__lower');
  });
});

describe('shownWhen (試用期間の賃金 only with 試用期間あり and differing conditions)', () => {
  const job = sectionFields.job;
  const shownPaths = (v: Record<string, unknown>) => shownFields(job, { ...fromSection('job', undefined), ...v } as never).map((d) => d.path).filter((p) => p.startsWith('trial.'));
  // What the employer typed in the trial's fields: kept in the form whatever is shown.
  const typed = {
    trial__months: '3',
    trial__conditions: '時給で計算',
    trial__pay__form: String(payForms[0]?.[0]),
    trial__pay__base__lower: '180000',
    trial__pay__allowances__0__name: '研修手当',
  };
  it.each([
    ['なし: only the checkbox', {}, ['trial.has']],
    ['あり with differing conditions: months, conditions and pay', { trial__has: true }, job.filter((d) => d.path.startsWith('trial.')).map((d) => d.path)],
    ['あり with the same conditions: months only', { trial__has: true, trial__same_conditions: true }, ['trial.has', 'trial.months', 'trial.same_conditions']],
  ])('shows the trial fields: %s', (_, v, want) => {
    expect(shownPaths(v)).toEqual(want);
  });
  it('reads a missing checkbox as unticked', () => {
    const months = job.find((d) => d.path === 'trial.months');
    expect(months && isShown(months, {})).toBe(false);
    expect(months && isShown(months, { trial__has: true })).toBe(true);
  });
  it.each([
    ['なし', { trial__has: false }, undefined],
    ['あり with the same conditions', { trial__has: true, trial__same_conditions: true }, { has: true, months: 3, same_conditions: true }],
    ['あり with differing conditions', { trial__has: true }, { has: true, months: 3, conditions: '時給で計算', pay: { form: payForms[0]?.[0], base: { lower: 180000 }, allowances: [{ name: '研修手当' }] } }],
  ])('sends only the shown trial fields (hidden ones are kept, not sent): %s', (_, v, want) => {
    const values = { ...fromSection('job', undefined), ...typed, ...v };
    expect(toSection('job', values).trial).toEqual(want);
  });
  it('does not check hidden fields, and checks them once shown', () => {
    const values = { ...fromSection('job', undefined), trial__months: '99', trial__pay__base__lower: 'abc' };
    const errorsOf = (v: Record<string, unknown>) => {
      const r = sectionSchema('job').safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.')).filter((p) => p.startsWith('trial'));
    };
    expect(errorsOf(values)).toEqual([]);
    expect(errorsOf({ ...values, trial__has: true, trial__same_conditions: true })).toEqual(['trial__months']);
    expect(errorsOf({ ...values, trial__has: true })).toEqual(['trial__months', 'trial__pay__base__lower']);
  });
  it('treats a hidden value as no unsaved input', () => {
    const saved = fromSection('job', undefined);
    expect(sameValues(shownValues(job, { ...saved, ...typed }), shownValues(job, saved))).toBe(true);
    expect(sameValues(shownValues(job, { ...saved, ...typed, trial__has: true }), shownValues(job, saved))).toBe(false);
  });
});

describe('loadLocal / codeNamesOf (a local copy kept before the codes were enums)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  const memoryStorage = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
  };

  it('reads the numbers of selects and radios as the names of the options with those numbers', () => {
    const old = { category: '7', time_class: '2', scope: '3', online_application: '', openings: '2' };
    expect(codeNamesOf(sectionFields.category, old)).toEqual({
      category: 'CATEGORY_DISABILITY',
      time_class: 'TIME_CLASS_PART_TIME',
      scope: 'SCOPE_ANONYMOUS',
      online_application: '',
      openings: '2',
    });
  });
  it('reads the numbers of checkboxes, nested fields, and leaves names, unknown numbers and 賃金支払月 alone', () => {
    const pay = fieldName('pay.form');
    const old = { days_off: ['6', '8'], two_days_off: 'WEEKLY_TWO_DAYS_OFF_EVERY_WEEK' };
    expect(codeNamesOf(sectionFields.hours, old)).toMatchObject({ days_off: ['WEEKDAY_SATURDAY', 'WEEKDAY_NATIONAL_HOLIDAYS'], two_days_off: 'WEEKLY_TWO_DAYS_OFF_EVERY_WEEK' });
    expect(codeNamesOf(sectionFields.wage, { [pay]: '3', pay_month: '1' })).toEqual({ [pay]: 'PAY_FORM_HOURLY', pay_month: '1' });
    expect(codeNamesOf(sectionFields.job, { employment_form: '9' })).toEqual({ employment_form: '9' });
  });
  it('gives the wizard a stored old copy with names, so it equals the same section saved on the server', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    saveLocal('p1', 'job', { occupation: '一般事務', employment_form: '5', dispatch: '1' });
    const local = loadLocal('p1', 'job');
    expect(local).toMatchObject({ employment_form: 'EMPLOYMENT_FORM_PART_TIME', dispatch: 'DISPATCH_CONTRACT_NONE' });
    const server = fromSection('job', { occupation: '一般事務', employment_form: 'EMPLOYMENT_FORM_PART_TIME', dispatch: 'DISPATCH_CONTRACT_NONE' });
    expect(sameValues(local ?? {}, server)).toBe(true);
  });
  it('leaves other stores (the establishment registration) as they were kept', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    saveLocal('e1', 'job', { employment_form: '5' }, 'hw.establishment.');
    expect(loadLocal('e1', 'job', 'hw.establishment.')).toEqual({ employment_form: '5' });
  });
});
