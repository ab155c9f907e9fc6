// The code lists of a job posting (domain.md §2.2, §2.3, §2.5) with their Japanese
// labels, as the job-posting service defines them
// (services/job-posting/internal/domain/codes): the API carries the numbers only.
// Keep both in step; postingLabels.test.ts pins every list.

export type CodeList = ReadonlyArray<readonly [number, string]>;

export const categories: CodeList = [
  [1, '一般求人'],
  [2, '新卒・既卒求人（大卒等）'],
  [3, '新卒・既卒求人（高卒）'],
  [4, '新卒・既卒求人（中卒）'],
  [5, '季節求人'],
  [6, '出稼ぎ求人'],
  [7, '障害のある方のための求人'],
];

export const timeClasses: CodeList = [
  [1, 'フルタイム'],
  [2, 'パート'],
];

// 雇用形態: 1–4 full time, 5–7 part time.
export const employmentForms: CodeList = [
  [1, '正社員'],
  [2, '正社員以外'],
  [3, '有期雇用派遣労働者'],
  [4, '無期雇用派遣労働者'],
  [5, 'パート労働者'],
  [6, '有期雇用派遣パート'],
  [7, '無期雇用派遣パート'],
];

export const scopes: CodeList = [
  [1, '事業所名等を含む求人情報を公開する'],
  [2, 'ハローワークの求職者に限定し、事業所名等を含む求人情報を公開する'],
  [3, '事業所名等を含まない求人情報を公開する'],
  [4, '求人情報を公開しない'],
];

export const onlineApplications: CodeList = [
  [1, 'オンライン自主応募を受け付ける'],
  [2, 'オンライン自主応募を受け付けない'],
];

export const insurances: CodeList = [
  [1, '雇用保険'],
  [2, '労災保険'],
  [3, '健康保険'],
  [4, '厚生年金'],
  [5, '公務災害補償'],
  [6, '財形'],
  [7, '企業年金'],
  [8, '退職金制度'],
  [9, '退職金共済'],
];

export const payForms: CodeList = [
  [1, '月給'],
  [2, '日給'],
  [3, '時給'],
];

export const allowanceKinds: CodeList = [
  [1, '定期的に支払われる手当'],
  [2, '精皆勤手当'],
  [3, '家族手当'],
];

export const payMonths: CodeList = [
  [0, '当月'],
  [1, '翌月'],
  [2, '翌々月'],
];

export const twoDaysOff: CodeList = [
  [1, '毎週'],
  [2, 'その他'],
  [3, 'なし'],
];

export const workingTimeSystems: CodeList = [
  [1, '交代制'],
  [2, '裁量労働制'],
  [3, '変形労働時間制'],
];

export const dispatchContracts: CodeList = [
  [1, '派遣・請負ではない'],
  [2, '派遣'],
  [3, '請負'],
];

export const contractRenewals: CodeList = [
  [1, '原則更新'],
  [2, '条件付きで更新あり'],
  [3, '更新なし'],
];

export const requirements: CodeList = [
  [1, '不問'],
  [2, '必須'],
  [3, 'あれば尚可'],
];

export const housing: CodeList = [
  [1, '単身用'],
  [2, '世帯用'],
];

export const features: CodeList = [
  [1, '書類選考なし'],
  [2, '正社員登用あり'],
  [3, 'マイカー通勤可'],
  [4, '転勤の可能性なし'],
  [5, '在宅勤務'],
  [6, '駅近（徒歩10分以内）'],
  [7, '受動喫煙対策あり'],
  [8, 'トライアル雇用併用求人'],
  [9, 'UIJターン歓迎求人'],
  [10, '託児施設あり'],
];

export const driverLicences: CodeList = [
  [1, '不要'],
  [2, '必須'],
  [3, 'あれば尚可'],
];

export const selectionMethods: CodeList = [
  [1, '書類選考'],
  [2, '面接'],
  [3, '筆記試験'],
  [4, '適性検査'],
  [5, 'その他'],
];

export const weekdays: CodeList = [
  [1, '月'],
  [2, '火'],
  [3, '水'],
  [4, '木'],
  [5, '金'],
  [6, '土'],
  [7, '日'],
  [8, '祝日'],
];

export const ageExceptions: CodeList = [
  [1, '例外事由1号（定年年齢を上限）'],
  [2, '例外事由2号（法令の規定による年齢制限）'],
  [3, '例外事由3号イ（長期勤続によるキャリア形成）'],
  [4, '例外事由3号ロ（技能・ノウハウの継承）'],
  [5, '例外事由3号ハ（芸術・芸能における表現の真実性）'],
  [6, '例外事由3号ニ（高年齢者又は国の施策の対象者）'],
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

// label is the Japanese name of a code of list, or "" for an unknown or unset code.
export function label(list: CodeList, code: number | undefined): string {
  if (code === undefined) return '';
  return list.find(([c]) => c === code)?.[1] ?? '';
}

// labels joins the names of several codes with 「、」.
export function labels(list: CodeList, codes: readonly number[] | undefined): string {
  return (codes ?? []).map((c) => label(list, c)).filter(Boolean).join('、');
}

// prefectureOf is the prefecture of a 5-digit 市区町村 code (its first two digits, as
// the service decides the minimum wage's prefecture), or "".
export function prefectureOf(municipality: string | undefined): string {
  if (!municipality || !/^[0-9]{5}$/.test(municipality)) return '';
  return prefectureNames[Number(municipality.slice(0, 2)) - 1] ?? '';
}

// homeGroup is the home screen's group of a 求人区分 (JOB-6): 学卒 for the three
// 新卒・既卒 categories, 障害者 for 7, 一般 otherwise.
export function homeGroup(category: number | undefined): '一般' | '学卒' | '障害者' | '' {
  if (!category) return '';
  if (category >= 2 && category <= 4) return '学卒';
  if (category === 7) return '障害者';
  return categories.some(([c]) => c === category) ? '一般' : '';
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
