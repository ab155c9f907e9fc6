// The eight sections of a job posting (domain.md §2.5, in that order) as forms: which
// fields each has, how the form's flat values become the API's section object and
// back, the form rules (mirroring the protovalidate bounds of
// proto/hellowork/job_posting/v1/resources.proto and the service's required fields and
// lengths, services/job-posting/internal/domain/posting/check.go), where a server
// violation goes, and the copy of every section's input kept in localStorage so that
// nothing typed is lost when the session expires or the tab closes.
import { z } from 'zod';
import type { PostingContent } from '../api/client';
import {
  ageExceptions,
  allowanceKinds,
  categories,
  codeNameOf,
  contractRenewals,
  dispatchContracts,
  driverLicences,
  employmentForms,
  features,
  fromMinutes,
  housing,
  insurances,
  onlineApplications,
  payForms,
  payMonths,
  requirements,
  scopes,
  selectionMethods,
  timeClasses,
  toMinutes,
  twoDaysOff,
  weekdays,
  workingTimeSystems,
  type CodeList,
} from './postingLabels';

export type SectionKey = keyof Required<PostingContent>;

export const sections: ReadonlyArray<{ key: SectionKey; title: string }> = [
  { key: 'category', title: '求人区分等情報' },
  { key: 'workplace', title: '事業所情報' },
  { key: 'job', title: '仕事内容情報' },
  { key: 'wage', title: '賃金・手当情報' },
  { key: 'hours', title: '労働時間情報' },
  { key: 'benefits', title: '保険・年金・定年等情報' },
  { key: 'pr', title: '求人PR情報' },
  { key: 'selection', title: '選考方法情報' },
];

export function sectionTitle(key: string): string {
  return sections.find((s) => s.key === key)?.title ?? '';
}

// Field kinds: text and textarea (strings), int (whole numbers), tenths (a number
// with one decimal, sent ×10), time (HH:MM, sent as minutes after midnight), select and
// radio (one code: an enum's name, or 賃金支払月's number), checks (several codes), bool (a checkbox), optbool (はい / いいえ /
// 未選択).
export type FieldKind = 'text' | 'textarea' | 'int' | 'tenths' | 'time' | 'select' | 'radio' | 'checks' | 'bool' | 'optbool';

export type FieldDef = {
  // The path inside the section, as the API names it (pay.base.lower).
  path: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  max?: number; // characters
  min?: number; // int
  upTo?: number; // int
  options?: CodeList;
  hint?: string;
  // Paths the service's violations use for this field where they differ from the API's.
  aliases?: string[];
  // A group heading printed before the field.
  group?: string;
  // A field of one item of a repeated list (the 手当 of a Pay): the list's path and
  // the item's index. The wizard shows as many items as are filled or added.
  list?: string;
  index?: number;
  // The list's name and the item's (手当, 手当2) for its buttons and legend.
  listTitle?: string;
  itemTitle?: string;
  // The field is shown only while every condition holds: the form field of path has the
  // value is (試用期間の賃金 only with 試用期間あり and differing conditions). A hidden
  // field keeps what was typed (shown again as it was) but is neither checked nor sent,
  // since the service ignores it and its rules would block the save.
  shownWhen?: ReadonlyArray<{ path: string; is: string | boolean }>;
};

const f = (path: string, label: string, kind: FieldKind, more: Partial<FieldDef> = {}): FieldDef => ({ path, label, kind, ...more });

// isShown tells whether a field is on the screen for the form's values (shownWhen); an
// unticked checkbox may be missing from the values (false).
export function isShown(def: FieldDef, values: FormValues): boolean {
  return (def.shownWhen ?? []).every((c) => (values[fieldName(c.path)] ?? (typeof c.is === 'boolean' ? false : '')) === c.is);
}

// shownFields are the fields on the screen for the form's values.
export function shownFields(defs: readonly FieldDef[], values: FormValues): FieldDef[] {
  return defs.filter((d) => isShown(d, values));
}

// shownValues are the values of the fields on the screen: what the section's status
// and the restored-input notice compare (a hidden value is not sent, so not unsaved).
export function shownValues(defs: readonly FieldDef[], values: FormValues): FormValues {
  const out: FormValues = {};
  for (const d of shownFields(defs, values)) {
    const v = values[fieldName(d.path)];
    if (v !== undefined) out[fieldName(d.path)] = v;
  }
  return out;
}

// maxAllowances is how many 手当 a pay takes on the screen. The API takes up to 30
// (repeated max_items); ten is more than a posting lists in practice and keeps the
// form's field set fixed (react-hook-form and the zod rule know every field up front).
export const maxAllowances = 10;

// allowanceFields are the fields of the 手当 items of a Pay (section 4's, or the
// 試用期間's in section 3). The service names a wage item's violations without the
// pay prefix (wage.allowances.1.name), hence the aliases for the main pay.
function allowanceFields(prefix: string, labelPrefix: string, shortAliases: boolean, group: string, more: Partial<FieldDef> = {}): FieldDef[] {
  const list = `${prefix}.allowances`;
  const out: FieldDef[] = [];
  for (let i = 0; i < maxAllowances; i++) {
    const n = `${labelPrefix}手当${i + 1}`;
    const alias = (rest: string, more: string[] = []) => (shortAliases ? { aliases: [`allowances.${i}${rest}`, ...more] } : {});
    const item = { list, index: i, listTitle: `${labelPrefix}手当`, itemTitle: n, ...more };
    out.push(
      f(`${list}.${i}.name`, `${n}の名称`, 'text', { max: 30, ...alias('.name', i === 0 ? ['allowances'] : [`allowances.${i}`]), ...item, ...(i === 0 ? { group } : {}) }),
      f(`${list}.${i}.kind`, `${n}の種類`, 'select', { options: allowanceKinds, ...alias('.kind'), ...item }),
      f(`${list}.${i}.amount.lower`, `${n}の金額（下限）`, 'int', { min: 0, upTo: 99999999, ...alias('.amount.lower', [`allowances.${i}.amount`]), ...item }),
      f(`${list}.${i}.amount.upper`, `${n}の金額（上限）`, 'int', { min: 0, upTo: 99999999, ...alias('.amount.upper'), ...item }),
    );
  }
  return out;
}

// The 試用期間's months and conditions only with 試用期間あり; its conditions and pay only
// when they differ from after it (the service checks them only then, check.go).
const withTrial: Partial<FieldDef> = { shownWhen: [{ path: 'trial.has', is: true }] };
const trialDiffers: Partial<FieldDef> = { shownWhen: [{ path: 'trial.has', is: true }, { path: 'trial.same_conditions', is: false }] };

export const sectionFields: Record<SectionKey, FieldDef[]> = {
  category: [
    f('category', '求人区分', 'select', { required: true, options: categories }),
    f('time_class', 'フルタイム・パート', 'radio', { required: true, options: timeClasses, hint: '労働時間で判断します（雇用形態や賃金形態ではありません）。' }),
    f('scope', '公開範囲', 'radio', { required: true, options: scopes }),
    f('online_application', 'オンライン自主応募の受付', 'radio', { required: true, options: onlineApplications, aliases: ['online'], hint: 'オンライン自主応募は公開範囲が1または2の場合に受け付けられます。' }),
    f('trial_employment', 'トライアル雇用併用を希望する', 'bool'),
    f('openings', '採用人数', 'int', { required: true, min: 1, upTo: 999, hint: '1〜999の半角数字（人）' }),
    f('recruitment_reason', '募集理由', 'text', { max: 100 }),
  ],
  workplace: [
    f('postal_code', '就業場所の郵便番号', 'text', { required: true, max: 8, hint: '半角数字7桁（例：1008916）', group: '就業場所' }),
    f('municipality', '市区町村コード', 'text', { required: true, max: 5, hint: '半角数字5桁（例：千代田区は13101）。都道府県の最低賃金の判定に使います。' }),
    f('address', '就業場所の住所（市区町村より後）', 'text', { required: true, max: 100 }),
    f('nearest_station', '最寄り駅', 'text', { max: 30 }),
    f('transport', '最寄り駅からの交通手段', 'text', { max: 30 }),
    f('travel_minutes', '所要時間（分）', 'int', { min: 0, upTo: 999 }),
    f('smoking_measure', '受動喫煙対策あり', 'bool', { group: '受動喫煙対策・通勤・転勤' }),
    f('smoking_note', '受動喫煙対策の内容', 'text', { max: 100 }),
    f('car_commute', 'マイカー通勤可', 'bool'),
    f('parking', '駐車場あり', 'bool'),
    f('transfer', '転勤の可能性あり', 'bool'),
    f('transfer_scope', '転勤範囲', 'text', { max: 100 }),
    f('remote_work', 'テレワーク（在宅勤務）可', 'bool'),
  ],
  job: [
    f('occupation', '職種', 'text', { required: true, max: 30 }),
    f('description', '仕事内容', 'textarea', { required: true, max: 360 }),
    f('employment_form', '雇用形態', 'select', { required: true, options: employmentForms, aliases: ['form'], hint: '1〜4はフルタイム、5〜7はパートの求人で選べます。' }),
    f('non_regular_name', '正社員以外の名称', 'text', { max: 30, hint: '雇用形態が「正社員以外」の場合（準社員、期間社員など）' }),
    f('dispatch', '派遣・請負等', 'select', { required: true, options: dispatchContracts }),
    f('fixed_term', '雇用期間の定めあり', 'bool', { group: '雇用期間' }),
    f('term_months', '雇用期間（月）', 'int', { min: 0, upTo: 60 }),
    f('renewal', '契約更新の可能性', 'select', { options: contractRenewals }),
    f('renewal_conditions', '契約更新の条件', 'text', { max: 100 }),
    f('age.limited', '年齢制限あり', 'bool', { group: '年齢', hint: '年齢制限は法令の例外事由に該当する場合のみ設定できます。' }),
    f('age.min', '年齢制限（下限）', 'int', { min: 0, upTo: 99 }),
    f('age.max', '年齢制限（上限）', 'int', { min: 0, upTo: 99 }),
    f('age.exception', '年齢制限該当事由', 'select', { options: ageExceptions }),
    f('age.reason', '年齢制限の理由', 'text', { max: 100 }),
    f('education', '学歴', 'select', { required: true, options: requirements, group: '学歴・経験・資格' }),
    f('education_detail', '学歴の内容', 'text', { max: 100 }),
    f('experience', '必要な経験', 'select', { required: true, options: requirements }),
    f('experience_detail', '必要な経験の内容', 'text', { max: 100 }),
    f('licences', '必要な免許・資格', 'select', { required: true, options: requirements }),
    f('licence_detail', '必要な免許・資格の内容', 'text', { max: 100, aliases: ['licence_detail'] }),
    f('driver_licence', '普通自動車運転免許', 'select', { required: true, options: driverLicences }),
    f('trial.has', '試用期間あり', 'bool', { group: '試用期間' }),
    f('trial.months', '試用期間（月）', 'int', { min: 0, upTo: 12, ...withTrial }),
    f('trial.same_conditions', '試用期間中の労働条件は同条件', 'bool', withTrial),
    f('trial.conditions', '試用期間中の労働条件', 'text', { max: 2000, ...trialDiffers }),
    f('trial.pay.form', '試用期間中の賃金形態', 'select', { options: payForms, group: '試用期間中の賃金（労働条件が異なる場合）', ...trialDiffers }),
    f('trial.pay.base.lower', '試用期間中の基本給（下限）', 'int', { min: 0, upTo: 99999999, aliases: ['trial.pay.base'], hint: '円（半角数字）。最低賃金を下回らない額', ...trialDiffers }),
    f('trial.pay.base.upper', '試用期間中の基本給（上限）', 'int', { min: 0, upTo: 99999999, ...trialDiffers }),
    ...allowanceFields('trial.pay', '試用期間中の', false, '試用期間中の定期的に支払われる手当', trialDiffers),
    f('trial.pay.fixed_overtime.amount.lower', '試用期間中の固定残業代（下限）', 'int', { min: 0, upTo: 99999999, aliases: ['trial.pay.fixed_overtime.amount', 'trial.pay.fixed_overtime'], ...trialDiffers }),
    f('trial.pay.fixed_overtime.amount.upper', '試用期間中の固定残業代（上限）', 'int', { min: 0, upTo: 99999999, ...trialDiffers }),
    f('trial.pay.fixed_overtime.hours', '試用期間中の固定残業時間（月）', 'int', { min: 0, upTo: 999, ...trialDiffers }),
    f('trial.pay.fixed_overtime.excess_note', '試用期間中の固定残業時間を超える時間外労働の割増賃金の追加支給', 'text', { max: 100, ...trialDiffers }),
  ],
  wage: [
    f('pay.form', '賃金形態', 'select', { required: true, options: payForms, aliases: ['form'], group: '基本給（a）' }),
    f('pay.base.lower', '基本給（下限）', 'int', { required: true, min: 0, upTo: 99999999, aliases: ['base.lower', 'base'], hint: '円（半角数字）' }),
    f('pay.base.upper', '基本給（上限）', 'int', { min: 0, upTo: 99999999, aliases: ['base.upper'], hint: '円（半角数字）。金額が一つの場合は空欄' }),
    ...allowanceFields('pay', '', true, '定期的に支払われる手当（b）'),
    f('pay.fixed_overtime.amount.lower', '固定残業代（下限）', 'int', { min: 0, upTo: 99999999, aliases: ['fixed_overtime.amount.lower', 'fixed_overtime.amount', 'fixed_overtime'], group: '固定残業代（c）' }),
    f('pay.fixed_overtime.amount.upper', '固定残業代（上限）', 'int', { min: 0, upTo: 99999999, aliases: ['fixed_overtime.amount.upper'] }),
    f('pay.fixed_overtime.hours', '固定残業時間（月）', 'int', { min: 0, upTo: 999, aliases: ['fixed_overtime.hours'] }),
    f('pay.fixed_overtime.excess_note', '固定残業時間を超える時間外労働の割増賃金の追加支給', 'text', { max: 100, aliases: ['fixed_overtime.excess_note'] }),
    f('other_note', 'その他の手当等付記事項（d）', 'textarea', { max: 300 }),
    f('monthly_work_days_tenths', '月平均労働日数', 'tenths', { aliases: ['monthly_work_days'], hint: '日（例：21.0）。月給・時給の場合は必須' }),
    f('commute_allowance', '通勤手当あり', 'bool', { group: '通勤手当・賃金の支払い' }),
    f('commute_monthly_max', '通勤手当の月額上限', 'int', { min: 0, upTo: 1000000, hint: '円。実費支給の場合は空欄' }),
    f('closing_day', '賃金締切日', 'int', { required: true, min: 1, upTo: 31, hint: '日（末日は31）' }),
    f('pay_month', '賃金支払月', 'select', { required: true, options: payMonths }),
    f('pay_day', '賃金支払日', 'int', { required: true, min: 1, upTo: 31, hint: '日（末日は31）' }),
    f('raise.system', '昇給制度あり', 'bool', { group: '昇給・賞与' }),
    f('raise.last_year', '昇給の前年度実績あり', 'bool'),
    f('raise.description', '昇給の金額・率', 'text', { max: 200 }),
    f('bonus.system', '賞与制度あり', 'bool'),
    f('bonus.last_year', '賞与の前年度実績あり', 'bool'),
    f('bonus.times_a_year', '賞与の回数（年）', 'int', { min: 0, upTo: 12 }),
    f('bonus.description', '賞与の金額・率', 'text', { max: 200 }),
  ],
  hours: [
    f('shifts.0.start', '就業時間1（始業）', 'time', { required: true, aliases: ['shifts.0', 'shifts'], group: '就業時間' }),
    f('shifts.0.end', '就業時間1（終業）', 'time', { required: true }),
    f('shifts.1.start', '就業時間2（始業）', 'time', { aliases: ['shifts.1'] }),
    f('shifts.1.end', '就業時間2（終業）', 'time'),
    f('shifts.2.start', '就業時間3（始業）', 'time', { aliases: ['shifts.2'] }),
    f('shifts.2.end', '就業時間3（終業）', 'time'),
    f('shift_note', '就業時間に関する特記事項', 'textarea', { max: 300 }),
    f('break_minutes', '休憩時間（分）', 'int', { required: true, min: 0, upTo: 1439 }),
    f('weekly_minutes', '週所定労働時間（分）', 'int', { min: 0, upTo: 10080, hint: '空欄の場合は就業時間と休日から計算します。' }),
    f('systems', '労働時間制', 'checks', { options: workingTimeSystems }),
    f('overtime', '時間外労働あり', 'bool', { group: '時間外労働' }),
    f('monthly_overtime_hours', '月平均時間外労働時間', 'int', { min: 0, upTo: 999 }),
    f('special_clause_36', '36協定における特別条項あり', 'bool'),
    f('annual_holidays', '年間休日数', 'int', { min: 0, upTo: 366, group: '休日等', hint: 'フルタイムの求人では必須' }),
    f('days_off', '休日', 'checks', { options: weekdays }),
    f('two_days_off', '週休二日制', 'select', { required: true, options: twoDaysOff }),
    f('paid_leave_after_6m', '6ヶ月経過後の年次有給休暇日数', 'int', { min: 0, upTo: 20 }),
  ],
  benefits: [
    f('insurances', '加入保険等', 'checks', { options: insurances }),
    f('retirement_age', '定年年齢', 'int', { min: 0, upTo: 99, hint: '定年制がない場合は空欄', group: '定年・再雇用' }),
    f('reemployment', '再雇用制度あり', 'bool'),
    f('reemployment_up_to', '再雇用の上限年齢', 'int', { min: 0, upTo: 99 }),
    f('extended_employment', '勤務延長あり', 'bool'),
    f('housing', '入居可能住宅', 'checks', { options: housing, group: '住宅・託児施設・研修' }),
    f('childcare', '利用可能託児施設あり', 'bool'),
    f('training', '研修制度の内容', 'textarea', { max: 300 }),
  ],
  pr: [
    f('special_notes', '求人に関する特記事項', 'textarea', { max: 300 }),
    f('features', 'こだわり条件', 'checks', { options: features }),
    f('pr', 'PR', 'textarea', { max: 500 }),
  ],
  selection: [
    f('methods', '選考方法', 'checks', { required: true, options: selectionMethods }),
    f('result_days', '選考結果通知（日以内）', 'int', { required: true, min: 1, upTo: 60 }),
    f('documents', '応募書類等', 'text', { required: true, max: 100 }),
    f('document_upload', '求職者マイページからの応募書類の送信', 'optbool', { hint: '大卒等求人でオンライン自主応募を受け付ける場合は必須' }),
    f('supplement', '補足事項', 'textarea', { max: 300 }),
    f('contact.title', '担当者の役職', 'text', { max: 30, group: '担当者' }),
    f('contact.name', '担当者の氏名', 'text', { required: true, max: 30 }),
    f('contact.phone', '担当者の電話番号', 'text', { required: true, max: 13, hint: '半角数字、市外局番から（例：03-5253-1111）' }),
    f('contact.email', '担当者の電子メール', 'text', { max: 100 }),
  ],
};

// fieldName is the form field of a path: dots are not allowed in react-hook-form
// names that should stay flat, so pay.base.lower → pay__base__lower.
export function fieldName(path: string): string {
  return path.replaceAll('.', '__');
}

export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, v: unknown): void {
  const segs = path.split('.');
  let cur: Record<string, unknown> = obj;
  segs.forEach((seg, i) => {
    if (i === segs.length - 1) {
      cur[seg] = v;
      return;
    }
    const nextIsIndex = /^[0-9]+$/.test(segs[i + 1] ?? '');
    if (cur[seg] === undefined) cur[seg] = nextIsIndex ? [] : {};
    cur = cur[seg] as Record<string, unknown>;
  });
}

// prune drops what was left empty: empty objects and empty array items, so that an
// untouched 固定残業代 or a second 就業時間 is not sent at all.
function prune(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(prune).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = prune(x);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

// toSection builds the API's section object from the form's values.
export function toSection(key: SectionKey, values: FormValues): Record<string, unknown> {
  return toObject(sectionFields[key], values);
}

// toObject builds an API object from a form's values by its field definitions (the
// posting wizard's sections, the establishment registration's sections); hidden
// fields (shownWhen) are left out.
export function toObject(defs: readonly FieldDef[], values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of shownFields(defs, values)) {
    const raw = values[fieldName(def.path)];
    let v: unknown;
    switch (def.kind) {
      case 'text':
      case 'textarea':
        v = typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
        break;
      case 'int': {
        const s = typeof raw === 'string' ? toHalfWidthDigits(raw).trim() : '';
        v = s === '' ? undefined : Number(s);
        break;
      }
      case 'select':
      case 'radio': {
        const s = typeof raw === 'string' ? raw.trim() : '';
        v = s === '' ? undefined : codeOf(def, s);
        break;
      }
      case 'tenths': {
        const s = typeof raw === 'string' ? toHalfWidthDigits(raw).trim() : '';
        v = s === '' ? undefined : Math.round(Number(s) * 10);
        break;
      }
      case 'time': {
        const s = typeof raw === 'string' ? raw.trim() : '';
        v = s === '' ? undefined : toMinutes(s);
        break;
      }
      case 'checks':
        v = Array.isArray(raw) && raw.length ? raw.map((c) => codeOf(def, c)) : undefined;
        break;
      case 'bool':
        v = raw === true ? true : undefined;
        break;
      case 'optbool':
        v = raw === 'yes' ? true : raw === 'no' ? false : undefined;
        break;
    }
    if (v !== undefined) setPath(out, def.path, v);
  }
  return (prune(out) as Record<string, unknown> | undefined) ?? {};
}

// fromSection fills the form from a saved section (or leaves it empty).
export function fromSection(key: SectionKey, section: unknown): FormValues {
  return fromObject(sectionFields[key], section);
}

// fromObject fills a form from an API object by its field definitions. An int64 the
// API writes as a string ("10000000") is read as the number it is.
export function fromObject(defs: readonly FieldDef[], section: unknown): FormValues {
  const out: FormValues = {};
  for (const def of defs) {
    const raw = getPath(section, def.path);
    const v = def.kind === 'int' && typeof raw === 'string' && /^[0-9]+$/.test(raw) ? Number(raw) : raw;
    const name = fieldName(def.path);
    switch (def.kind) {
      case 'text':
      case 'textarea':
        out[name] = typeof v === 'string' ? v : '';
        break;
      case 'int':
      case 'select':
      case 'radio':
        // An enum comes as its name, unset as …_UNSPECIFIED (the gateway writes unset
        // fields); 0 is "unset" for the API's numbers, except 当月 (pay_month 0) once
        // the section was saved.
        if (typeof v === 'string') out[name] = v.endsWith('_UNSPECIFIED') ? '' : v;
        else out[name] = typeof v === 'number' && (v !== 0 || (def.path === 'pay_month' && section !== undefined)) ? String(v) : '';
        break;
      case 'tenths':
        out[name] = typeof v === 'number' && v !== 0 ? (v / 10).toFixed(1) : '';
        break;
      case 'time':
        out[name] = typeof v === 'number' ? fromMinutes(v) : getPath(section, def.path.replace(/\.(start|end)$/, '')) !== undefined ? '00:00' : '';
        break;
      case 'checks':
        out[name] = Array.isArray(v) ? v.map(String) : [];
        break;
      case 'bool':
        out[name] = v === true;
        break;
      case 'optbool':
        out[name] = v === true ? 'yes' : v === false ? 'no' : '';
        break;
    }
  }
  return out;
}

// codeOf is a chosen option as the API takes it: an enum's name as it is, a number
// (賃金支払月) as a number. A copy kept in localStorage before the codes were enums holds
// their numbers ("1"): sent as numbers, which the API reads as the same enum values.
function codeOf(def: FieldDef, value: string): string | number {
  return typeof def.options?.[0]?.[0] === 'string' && !/^[0-9]+$/.test(value) ? value : Number(value);
}

export function toHalfWidthDigits(s: string): string {
  return s.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

// sectionSchema is the form rule of a section: required fields, lengths and numbers.
// The service checks the rest (codes, combinations, the minimum wage) and its field
// violations land on the same fields.
export function sectionSchema(key: SectionKey) {
  return schemaOf(sectionFields[key]);
}

// schemaOf is the form rule of a list of fields. A field shown only on a condition
// (shownWhen) is checked by its rule only while shown, so a hidden value, kept as
// typed, never blocks the save.
export function schemaOf(defs: readonly FieldDef[]) {
  const shape: Record<string, z.ZodType> = {};
  const conditional = defs.filter((d) => d.shownWhen?.length);
  for (const def of defs) shape[fieldName(def.path)] = def.shownWhen?.length ? z.any() : fieldSchema(def);
  return z.object(shape).superRefine((values, ctx) => {
    for (const def of conditional) {
      if (!isShown(def, values as FormValues)) continue;
      const name = fieldName(def.path);
      const r = fieldSchema(def).safeParse(values[name]);
      if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: [name], message: issue.message });
    }
  });
}

// fieldSchema is the form rule of one field.
function fieldSchema(def: FieldDef): z.ZodType {
  const l = def.label;
  switch (def.kind) {
    case 'text':
    case 'textarea': {
      let s = z.string().max(def.max ?? 2000, { error: `${l}は${def.max ?? 2000}文字以内で入力してください。` });
      if (def.required) s = s.refine((v) => v.trim() !== '', { error: `${l}を入力してください。` }) as unknown as typeof s;
      return s;
    }
    case 'int':
    case 'tenths': {
      const pattern = def.kind === 'int' ? /^[0-9]+$/ : /^[0-9]+(\.[0-9])?$/;
      return z.string().superRefine((raw, ctx) => {
        const v = toHalfWidthDigits(raw).trim();
        if (v === '') {
          if (def.required) ctx.addIssue({ code: 'custom', message: `${l}を入力してください。` });
          return;
        }
        if (!pattern.test(v)) {
          ctx.addIssue({ code: 'custom', message: def.kind === 'int' ? `${l}は半角数字で入力してください。` : `${l}は数字（小数点以下1桁まで）で入力してください。` });
          return;
        }
        const n = Number(v);
        if ((def.min !== undefined && n < def.min) || (def.upTo !== undefined && n > def.upTo)) {
          ctx.addIssue({ code: 'custom', message: `${l}は${def.min ?? 0}〜${def.upTo ?? ''}の範囲で入力してください。` });
        }
      });
    }
    case 'time':
      return z.string().superRefine((raw, ctx) => {
        const v = raw.trim();
        if (v === '') {
          if (def.required) ctx.addIssue({ code: 'custom', message: `${l}を入力してください。` });
          return;
        }
        if (toMinutes(v) < 0) ctx.addIssue({ code: 'custom', message: `${l}は「09:00」の形式で入力してください。` });
      });
    case 'select':
    case 'radio':
    case 'optbool':
      return def.required ? z.string().min(1, { error: `${l}を選択してください。` }) : z.string();
    case 'checks': {
      const arr = z.array(z.string()).max(30);
      return def.required ? arr.min(1, { error: `${l}を選択してください。` }) : arr;
    }
    case 'bool':
      return z.boolean();
  }
}

// formFieldOf finds the form field of a violation path of the service ("wage.base.lower",
// "hours.shifts.0", "category.online"): the section's own prefix is dropped, then an
// alias, the API path, or the first field below it; "" when none (the message then
// goes to the summary).
export function formFieldOf(key: SectionKey, violationPath: string): string {
  return formFieldIn(sectionFields[key], key, violationPath);
}

// formFieldIn is formFieldOf for any fields whose violations are prefixed with key.
export function formFieldIn(defs: readonly FieldDef[], key: string, violationPath: string): string {
  const rel = violationPath.startsWith(`${key}.`) ? violationPath.slice(key.length + 1) : violationPath;
  const byAlias = defs.find((d) => d.aliases?.includes(rel));
  if (byAlias) return fieldName(byAlias.path);
  const exact = defs.find((d) => d.path === rel);
  if (exact) return fieldName(exact.path);
  const below = defs.find((d) => d.path.startsWith(`${rel}.`));
  return below ? fieldName(below.path) : '';
}

// sectionOf is the section a violation path belongs to ("wage.base.lower" → wage).
export function sectionOf(violationPath: string): SectionKey | undefined {
  const head = violationPath.split('.')[0];
  return sections.find((s) => s.key === head)?.key;
}

// The local copy of what was typed, per posting and section (localStorage: it survives
// a closed tab and an expired session; cleared when the posting is submitted).
// The establishment registration (OPEN-1) keeps its own copy the same way under its
// own prefix (prefix argument).
const localPrefix = 'hw.posting.';

export function loadLocal(postingId: string, key: string, prefix = localPrefix): FormValues | undefined {
  try {
    const raw = localStorage.getItem(`${prefix}${postingId}.${key}`);
    if (!raw) return undefined;
    const values = JSON.parse(raw) as FormValues;
    return prefix === localPrefix && key in sectionFields ? codeNamesOf(sectionFields[key as SectionKey], values) : values;
  } catch {
    return undefined;
  }
}

// codeNamesOf reads a local copy kept before the codes were enums, which holds their
// numbers ("1", ["6", "8"]): each becomes the name of the option with that number
// (codeNumbers), so the select, radios and checkboxes show what was chosen. Numbers of
// no option, and lists of numbers (賃金支払月), stay as they are.
export function codeNamesOf(defs: readonly FieldDef[], values: FormValues): FormValues {
  const out: FormValues = { ...values };
  for (const def of defs) {
    const list = def.options;
    if (typeof list?.[0]?.[0] !== 'string') continue;
    const name = fieldName(def.path);
    const v = out[name];
    if (typeof v === 'string') out[name] = codeNameOf(list, v);
    else if (Array.isArray(v)) out[name] = v.map((c) => codeNameOf(list, c));
  }
  return out;
}

export function saveLocal(postingId: string, key: string, values: FormValues, prefix = localPrefix): void {
  try {
    localStorage.setItem(`${prefix}${postingId}.${key}`, JSON.stringify(values));
  } catch {
    // Storage full or refused: the server's draft still holds what was saved.
  }
}

export function clearLocal(postingId: string, prefix = localPrefix, keys: readonly string[] = sections.map((s) => s.key)): void {
  try {
    for (const k of keys) localStorage.removeItem(`${prefix}${postingId}.${k}`);
  } catch {
    // nothing to clear
  }
}

// sameValues compares two forms' values (a local copy equal to the saved section is no
// unsaved input).
export function sameValues(a: FormValues, b: FormValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (Array.isArray(x) || Array.isArray(y)) {
      if (JSON.stringify([...((x as string[]) ?? [])].sort()) !== JSON.stringify([...((y as string[]) ?? [])].sort())) return false;
    } else if ((x ?? '') !== (y ?? '') && !(x === false && y === undefined) && !(y === false && x === undefined)) {
      return false;
    }
  }
  return true;
}

// Repeated items (the 手当 of a pay): a form lays its fields out as blocks, a plain
// field, or one item of a list (its fields together, removable), followed by the
// list's 「追加」 button after its last item.
export type Block =
  | { kind: 'field'; def: FieldDef }
  | { kind: 'item'; list: string; index: number; title: string; group?: string; defs: FieldDef[] }
  | { kind: 'add'; list: string; title: string };

// itemsShown is how many items of each list the form shows: every item up to the last
// one with something typed, at least one, and at least what the employer added.
export function itemsShown(defs: readonly FieldDef[], values: FormValues, added: Record<string, number> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of defs) {
    if (!d.list || d.index === undefined) continue;
    const filled = isFilled(values[fieldName(d.path)]) ? d.index + 1 : 1;
    out[d.list] = Math.max(out[d.list] ?? 1, filled, added[d.list] ?? 1);
  }
  return out;
}

function isFilled(v: FormValue | undefined): boolean {
  return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim() !== '' : v === true;
}

// layoutOf groups a form's fields into blocks, leaving out the items not shown.
export function layoutOf(defs: readonly FieldDef[], shown: Record<string, number>): Block[] {
  const out: Block[] = [];
  defs.forEach((d, i) => {
    if (!d.list || d.index === undefined) {
      out.push({ kind: 'field', def: d });
      return;
    }
    if (d.index < (shown[d.list] ?? 1)) {
      const last = out[out.length - 1];
      if (last?.kind === 'item' && last.list === d.list && last.index === d.index) last.defs.push(d);
      else out.push({ kind: 'item', list: d.list, index: d.index, title: d.itemTitle ?? '', ...(d.group ? { group: d.group } : {}), defs: [d] });
    }
    if (defs[i + 1]?.list !== d.list) out.push({ kind: 'add', list: d.list, title: d.listTitle ?? '' });
  });
  return out;
}

// withoutItem is the values after removing item index of a list: the later items move
// up one place, the last one is emptied (the API's list has no gaps).
export function withoutItem(defs: readonly FieldDef[], values: FormValues, list: string, index: number): FormValues {
  const out: FormValues = {};
  const items = defs.filter((d) => d.list === list && d.index !== undefined && d.index >= index);
  for (const d of items) {
    const rest = d.path.slice(`${list}.${d.index}.`.length);
    const next = defs.find((n) => n.list === list && n.index === (d.index ?? 0) + 1 && n.path.endsWith(`.${rest}`));
    const v = next ? values[fieldName(next.path)] : undefined;
    out[fieldName(d.path)] = v ?? (d.kind === 'checks' ? [] : d.kind === 'bool' ? false : '');
  }
  return out;
}
