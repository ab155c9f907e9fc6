// The 求人票 (the printable posting, domain.md §2.5: the public 求人票's fields in its
// order) as rows of label and value, built from the posting and its establishment.
// Empty rows are left out; the page (pages/PostingSheet.tsx) prints them as tables.
import type { Establishment, Posting } from '../api/client';
import { formatSeireki, formatWareki } from './dates';
import {
  ageExceptions,
  allowanceKinds,
  categories,
  contractRenewals,
  dispatchContracts,
  driverLicences,
  employmentForms,
  features,
  formatMinutes,
  formatRange,
  formatWage,
  housing,
  insurances,
  label,
  labels,
  onlineApplications,
  payForms,
  payMonths,
  prefectureOf,
  requirements,
  scopes,
  selectionMethods,
  timeClasses,
  twoDaysOff,
  weekdays,
  workingTimeSystems,
  type Range,
} from './postingLabels';

// postal prints a 郵便番号 as 〒NNN-NNNN whether it was stored with the hyphen or not.
export const postal = (code: string) => (/^\d{7}$/.test(code) ? `${code.slice(0, 3)}-${code.slice(3)}` : code);

export type SheetRow = readonly [label: string, value: string];
export type SheetPart = { title: string; rows: SheetRow[] };

type Pay = NonNullable<NonNullable<NonNullable<Posting['content']>['wage']>['pay']>;

// The API writes int64 amounts as strings ("230000").
const range = (r: { lower?: number | string; upper?: number | string } | undefined): Range | undefined =>
  r && { lower: r.lower === undefined ? undefined : Number(r.lower), upper: r.upper === undefined ? undefined : Number(r.upper) };

const yesNo = (v: boolean | undefined, yes = 'あり', no = 'なし') => (v ? yes : no);
const join = (...parts: Array<string | undefined | false>) => parts.filter(Boolean).join('　');
const date = (d: string | undefined) => (d ? formatWareki(`${d}T00:00:00+09:00`) : '');

// payText prints a pay: its 基本給 (a) and its 手当 (b), the way the 求人票 lists them.
export function payText(p: Pay | undefined): { base: string; allowances: string; fixedOvertime: string } {
  if (!p) return { base: '', allowances: '', fixedOvertime: '' };
  const fo = p.fixed_overtime;
  return {
    base: join(label(payForms, p.form), formatRange(range(p.base))),
    allowances: (p.allowances ?? [])
      .map((a) => join(a.name, formatRange(range(a.amount)), a.kind !== undefined && label(allowanceKinds, a.kind) ? `（${label(allowanceKinds, a.kind)}）` : ''))
      .join('\n'),
    fixedOvertime: fo ? join(formatRange(range(fo.amount)), fo.hours ? `時間外労働の有無に関わらず、${fo.hours}時間分の時間外手当として支給` : '', fo.excess_note) : '',
  };
}

function clean(parts: SheetPart[]): SheetPart[] {
  return parts.map((p) => ({ ...p, rows: p.rows.filter(([, v]) => v !== '') })).filter((p) => p.rows.length > 0);
}

// sheetOf builds the 求人票 of a posting; est is its establishment (undefined when it
// could not be read: the establishment rows are then left out).
export function sheetOf(p: Posting, est: Establishment | undefined): SheetPart[] {
  const c = p.content ?? {};
  const cat = c.category;
  const w = c.workplace;
  const j = c.job;
  const wg = c.wage;
  const h = c.hours;
  const b = c.benefits;
  const s = c.selection;
  const basic = est?.profile?.basic;
  const pay = payText(wg?.pay);
  const trial = j?.trial;
  const trialPay = payText(trial?.pay);
  return clean([
    {
      title: '求人情報',
      rows: [
        ['求人番号', p.job_number ?? ''],
        ['受付年月日', date(p.accepted_on)],
        ['紹介期限日', date(p.referral_deadline)],
        ['受理安定所', est?.office_name ?? ''],
        ['求人区分', [label(categories, cat?.category), label(timeClasses, cat?.time_class)].filter(Boolean).join('・')],
        ['公開範囲', label(scopes, cat?.scope)],
        ['オンライン自主応募の受付', label(onlineApplications, cat?.online_application)],
        ['トライアル雇用併用の希望', cat ? yesNo(cat.trial_employment, '希望する', '希望しない') : ''],
      ],
    },
    {
      title: '求人事業所',
      rows: [
        ['事業所番号', est?.establishment_number ?? ''],
        ['事業所名', join(basic?.name_kana && `（${basic.name_kana}）`, basic?.name)],
        ['所在地', join(basic?.postal_code && `〒${postal(basic.postal_code)}`, prefectureOf(basic?.municipality_code), basic?.address)],
        ['電話番号', basic?.phone_number ?? ''],
        ['ホームページ', basic?.homepage_url ?? ''],
      ],
    },
    {
      title: '仕事内容',
      rows: [
        ['職種', j?.occupation ?? ''],
        ['仕事内容', j?.description ?? ''],
        ['雇用形態', join(label(employmentForms, j?.employment_form), j?.non_regular_name && `（${j.non_regular_name}）`)],
        ['派遣・請負等', label(dispatchContracts, j?.dispatch)],
        ['雇用期間', j ? (j.fixed_term ? join(`雇用期間の定めあり（${j.term_months ?? 0}か月）`, label(contractRenewals, j.renewal), j.renewal_conditions) : '雇用期間の定めなし') : ''],
        ['就業場所', w ? join(w.postal_code && `〒${postal(w.postal_code)}`, prefectureOf(w.municipality), w.address) : ''],
        ['最寄り駅', w ? join(w.nearest_station, w.transport && `から${w.transport}`, w.travel_minutes ? `${w.travel_minutes}分` : '') : ''],
        ['受動喫煙対策', w ? join(yesNo(w.smoking_measure), w.smoking_note) : ''],
        ['マイカー通勤', w ? join(w.car_commute ? '可' : '不可', w.parking ? '駐車場あり' : '') : ''],
        ['転勤の可能性', w ? join(yesNo(w.transfer), w.transfer_scope) : ''],
        ['年齢', j ? (j.age?.limited ? join(`${j.age.min ? `${j.age.min}歳以上` : ''}${j.age.max ? `${j.age.max}歳以下` : ''}`, label(ageExceptions, j.age.exception), j.age.reason) : '不問') : ''],
        ['学歴', j ? join(label(requirements, j.education), j.education_detail) : ''],
        ['必要な経験', j ? join(label(requirements, j.experience), j.experience_detail) : ''],
        ['必要な免許・資格', j ? join(label(requirements, j.licences), j.licence_detail) : ''],
        ['普通自動車運転免許', label(driverLicences, j?.driver_licence)],
        ['試用期間', j ? (trial?.has ? join(`あり（${trial.months ?? 0}か月）`, trial.same_conditions ? '労働条件は同条件' : '労働条件は異なる') : 'なし') : ''],
        ['試用期間中の労働条件', trial?.has && !trial.same_conditions ? (trial.conditions ?? '') : ''],
        ['試用期間中の基本給', trial?.has && !trial.same_conditions ? trialPay.base : ''],
        ['試用期間中の手当', trial?.has && !trial.same_conditions ? trialPay.allowances : ''],
        ['試用期間中の固定残業代', trial?.has && !trial.same_conditions ? trialPay.fixedOvertime : ''],
      ],
    },
    {
      title: '賃金・手当',
      rows: [
        ['賃金（a＋b）', formatWage(p.wage)],
        ['基本給（a）', pay.base],
        ['定期的に支払われる手当（b）', pay.allowances],
        ['固定残業代（c）', pay.fixedOvertime],
        ['その他の手当等付記事項（d）', wg?.other_note ?? ''],
        ['月平均労働日数', wg?.monthly_work_days_tenths ? `${(wg.monthly_work_days_tenths / 10).toFixed(1)}日` : ''],
        ['通勤手当', wg ? (wg.commute_allowance ? (wg.commute_monthly_max ? `あり（月額${formatRange({ lower: Number(wg.commute_monthly_max) })}まで）` : 'あり（実費支給）') : 'なし') : ''],
        ['賃金締切日', wg?.closing_day ? (wg.closing_day >= 31 ? '末日' : `毎月${wg.closing_day}日`) : ''],
        ['賃金支払日', wg?.pay_day ? join(label(payMonths, wg.pay_month), wg.pay_day >= 31 ? '末日' : `${wg.pay_day}日`) : ''],
        ['昇給', wg?.raise ? join(`制度${yesNo(wg.raise.system)}`, wg.raise.system ? `前年度実績${yesNo(wg.raise.last_year)}` : '', wg.raise.description) : ''],
        ['賞与', wg?.bonus ? join(`制度${yesNo(wg.bonus.system)}`, wg.bonus.system ? `前年度実績${yesNo(wg.bonus.last_year)}` : '', wg.bonus.times_a_year ? `年${wg.bonus.times_a_year}回` : '', wg.bonus.description) : ''],
      ],
    },
    {
      title: '労働時間',
      rows: [
        ['就業時間', (h?.shifts ?? []).map((x, i) => `(${i + 1}) ${formatMinutes(x.start ?? 0)}〜${formatMinutes(x.end ?? 0)}`).join('\n')],
        ['就業時間に関する特記事項', h?.shift_note ?? ''],
        ['労働時間制', labels(workingTimeSystems, h?.systems)],
        ['時間外労働', h ? (h.overtime ? join('あり', h.monthly_overtime_hours ? `月平均${h.monthly_overtime_hours}時間` : '', h.special_clause_36 ? '36協定における特別条項あり' : '') : 'なし') : ''],
        ['休憩時間', h?.break_minutes !== undefined ? `${h.break_minutes}分` : ''],
        ['年間休日数', h?.annual_holidays ? `${h.annual_holidays}日` : ''],
        ['休日', labels(weekdays, h?.days_off)],
        ['週休二日制', label(twoDaysOff, h?.two_days_off)],
        ['6ヶ月経過後の年次有給休暇日数', h?.paid_leave_after_6m ? `${h.paid_leave_after_6m}日` : ''],
      ],
    },
    {
      title: 'その他の労働条件等',
      rows: [
        ['加入保険等', labels(insurances, b?.insurances)],
        ['定年制', b ? (b.retirement_age ? `あり（一律${b.retirement_age}歳）` : 'なし') : ''],
        ['再雇用制度', b ? (b.reemployment ? join('あり', b.reemployment_up_to ? `上限${b.reemployment_up_to}歳まで` : '') : 'なし') : ''],
        ['勤務延長', b ? yesNo(b.extended_employment) : ''],
        ['入居可能住宅', labels(housing, b?.housing)],
        ['利用可能託児施設', b ? yesNo(b.childcare) : ''],
        ['研修制度', b?.training ?? ''],
      ],
    },
    {
      title: '特記事項・PR',
      rows: [
        ['求人に関する特記事項', c.pr?.special_notes ?? ''],
        ['こだわり条件', labels(features, c.pr?.features)],
        ['PR', c.pr?.pr ?? ''],
      ],
    },
    {
      title: '選考等',
      rows: [
        ['採用人数', cat?.openings ? `${cat.openings}人` : ''],
        ['募集理由', cat?.recruitment_reason ?? ''],
        ['選考方法', labels(selectionMethods, s?.methods)],
        ['選考結果通知', s?.result_days ? `${s.result_days}日以内` : ''],
        ['応募書類等', s?.documents ?? ''],
        ['補足事項', s?.supplement ?? ''],
        ['担当者', s?.contact ? join(s.contact.title, s.contact.name) : ''],
        ['電話番号', s?.contact?.phone ?? ''],
        ['電子メール', s?.contact?.email ?? ''],
      ],
    },
  ]);
}

// printedOn is the 求人票's print date line (作成日 令和8年12月3日 / 2026年12月3日).
export function printedOn(now: Date): string {
  return `作成日：${formatWareki(now)}（${formatSeireki(now)}）`;
}
