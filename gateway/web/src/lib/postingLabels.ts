// The code lists of a job posting (domain.md §2.2, §2.3, §2.5) with their Japanese
// labels: generated (src/api/codeLabels.ts, by make generate) from the enums of
// proto/hellowork/job_posting/v1/codes.proto, whose names the API carries. Only
// 賃金支払月, a number of months rather than a code, is listed here.
import {
  ageExceptionLabels,
  allowanceKindLabels,
  categoryLabels,
  contractRenewalLabels,
  dispatchContractLabels,
  driverLicenceLabels,
  employmentFormLabels,
  featureLabels,
  housingTypeLabels,
  insuranceLabels,
  onlineApplicationLabels,
  payFormLabels,
  requirementLabels,
  scopeLabels,
  selectionMethodLabels,
  timeClassLabels,
  weekdayLabels,
  weeklyTwoDaysOffLabels,
  workingTimeSystemLabels,
  codeNumbers,
  type Category,
} from '../api/codeLabels';

// CodeList is a list of choices: an enum name (or 賃金支払月's number) and its label.
export type CodeList = ReadonlyArray<readonly [string | number, string]>;

export const categories: CodeList = categoryLabels;
export const timeClasses: CodeList = timeClassLabels;
export const employmentForms: CodeList = employmentFormLabels;
export const scopes: CodeList = scopeLabels;
export const onlineApplications: CodeList = onlineApplicationLabels;
export const insurances: CodeList = insuranceLabels;
export const payForms: CodeList = payFormLabels;
export const allowanceKinds: CodeList = allowanceKindLabels;
export const twoDaysOff: CodeList = weeklyTwoDaysOffLabels;
export const workingTimeSystems: CodeList = workingTimeSystemLabels;
export const dispatchContracts: CodeList = dispatchContractLabels;
export const contractRenewals: CodeList = contractRenewalLabels;
export const requirements: CodeList = requirementLabels;
export const housing: CodeList = housingTypeLabels;
export const features: CodeList = featureLabels;
export const driverLicences: CodeList = driverLicenceLabels;
export const selectionMethods: CodeList = selectionMethodLabels;
export const weekdays: CodeList = weekdayLabels;
export const ageExceptions: CodeList = ageExceptionLabels;

export const payMonths: CodeList = [
  [0, '当月'],
  [1, '翌月'],
  [2, '翌々月'],
];

const prefectureNames = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県',
  '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県', '東京都', '神奈川県',
  '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県',
  '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県',
  '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県',
  '徳島県', '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県',
  '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
];

// label is the Japanese name of a code of list, or "" for an unknown or unset code. A
// form's value is the code as a string ("CATEGORY_GENERAL", or "1" for 翌月).
export function label(list: CodeList, code: string | number | undefined): string {
  if (code === undefined) return '';
  return list.find(([c]) => String(c) === String(code))?.[1] ?? '';
}

// codeNameOf reads a code kept as its number from before the codes were enums ("1", in a
// local copy of a form or an old URL) as the name of list's option with that number
// (codeNumbers); a name, or a number of no option, stays as it is.
export function codeNameOf(list: CodeList, code: string): string {
  if (!/^[0-9]+$/.test(code)) return code;
  return String(list.find(([c]) => typeof c === 'string' && codeNumbers[c] === Number(code))?.[0] ?? code);
}

// labels joins the names of several codes with 「、」.
export function labels(list: CodeList, codes: readonly (string | number)[] | undefined): string {
  return (codes ?? []).map((c) => label(list, c)).filter(Boolean).join('、');
}

// prefectureOf is the prefecture of a 5-digit 市区町村 code (its first two digits, as
// the service decides the minimum wage's prefecture), or "".
export function prefectureOf(municipality: string | undefined): string {
  if (!municipality || !/^[0-9]{5}$/.test(municipality)) return '';
  return prefectureNames[Number(municipality.slice(0, 2)) - 1] ?? '';
}

const schoolLeavers: ReadonlySet<Category> = new Set<Category>(['CATEGORY_GRADUATE', 'CATEGORY_HIGH_SCHOOL', 'CATEGORY_JUNIOR_HIGH']);

// homeGroup is the home screen's group of a 求人区分 (JOB-6): 学卒 for the three
// 新卒・既卒 categories, 障害者 for 障害のある方のための求人, 一般 otherwise.
export function homeGroup(category: Category | undefined): '一般' | '学卒' | '障害者' | '' {
  if (!category) return '';
  if (schoolLeavers.has(category)) return '学卒';
  if (category === 'CATEGORY_DISABILITY') return '障害者';
  return categoryLabels.some(([c]) => c === category) ? '一般' : '';
}

const yen = new Intl.NumberFormat('ja-JP');

export type Range = { lower?: number | undefined; upper?: number | undefined };

// formatRange prints an amount in yen, 下限〜上限 (upper 0 = a single amount).
export function formatRange(r: Range | undefined): string {
  if (!r || !r.lower) return '';
  const lo = `${yen.format(r.lower)}円`;
  return r.upper && r.upper !== r.lower ? `${lo}〜${yen.format(r.upper)}円` : lo;
}

// formatWage prints the wage display of a posting (a + b): 月給 230,000円〜280,000円,
// with the monthly equivalent of an hourly wage.
export function formatWage(w: { form?: string; total?: Range; monthly_equivalent?: Range } | undefined): string {
  if (!w) return '';
  const total = formatRange(w.total);
  if (!total) return '';
  const monthly = formatRange(w.monthly_equivalent);
  return `${w.form ? `${w.form} ` : ''}${total}${monthly ? `（月額換算 ${monthly}）` : ''}`;
}

// formatMinutes prints minutes after midnight as 9時00分 (24 h).
export function formatMinutes(m: number | undefined): string {
  if (m === undefined) return '';
  const h = Math.floor(m / 60);
  const mm = m % 60;
  return `${h}時${String(mm).padStart(2, '0')}分`;
}

// toMinutes reads "09:00" (an <input type="time">) as minutes after midnight; -1 when
// not a time.
export function toMinutes(v: string): number {
  const m = /^([0-9]{1,2}):([0-9]{2})$/.exec(v.trim());
  if (!m) return -1;
  const h = Number(m[1]);
  const mm = Number(m[2]);
  if (h > 23 || mm > 59) return -1;
  return h * 60 + mm;
}

// fromMinutes writes minutes after midnight as "09:00".
export function fromMinutes(m: number | undefined): string {
  if (m === undefined || m < 0) return '';
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

// renewalWindowOpen tells whether the JOB-5 renewal window is open on today (JST
// date YYYY-MM-DD): from renewal_opens_on (14 days before the 紹介期限日) to the
// 紹介期限日 itself.
export function renewalWindowOpen(opensOn: string | undefined, deadline: string | undefined, today: string): boolean {
  if (!opensOn || !deadline) return false;
  return opensOn <= today && today <= deadline;
}

// todayJST is the JST date of now as YYYY-MM-DD.
export function todayJST(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

// The job-posting service's warnings (orange, confirmed by the employer): in a refused
// submission (VALIDATION_FAILED) they come beside the errors as field violations of the
// same shape, so they are told apart by reason (services/job-posting/internal/domain/
// finding/reasons.go: the labour-law checks and the coming minimum wage).
const warningReasons = new Set([
  'LABOUR_DAILY_HOURS_OVER',
  'LABOUR_WEEKLY_HOURS_OVER',
  'LABOUR_BREAK_SHORT',
  'LABOUR_REST_DAYS_SHORT',
  'LABOUR_PAID_LEAVE_SHORT',
  'LABOUR_OVERTIME_OVER_LIMIT',
  'MINIMUM_WAGE_BELOW_COMING',
]);

export function isWarningReason(reason: string): boolean {
  return warningReasons.has(reason);
}
