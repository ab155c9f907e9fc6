// The employer's applicant, message and seeker-search screens: labels of the API's
// codes, and the form rules mirroring the protovalidate rules of
// proto/hellowork/applicant_selection/v1 and the checks the service makes
// (services/applicant-selection/internal/domain: APP-2 result, MSG-1 message, SEEK-1
// direct request). The server stays the judge: its field violations go on the fields.
import { z } from 'zod';
import { employmentFormLabels, payFormLabels, type EmploymentForm, type PayForm } from '../api/codeLabels';
import { codeNameOf, type CodeList } from './postingLabels';

export type Channel = 'CHANNEL_COUNTER_REFERRAL' | 'CHANNEL_ONLINE_REFERRAL' | 'CHANNEL_ONLINE_SELF';
export type Decision = 'DECISION_HIRED' | 'DECISION_NOT_HIRED' | 'DECISION_DECLINED';

// §3.1: how an applicant came.
export const channelLabels: Record<Channel, string> = {
  CHANNEL_COUNTER_REFERRAL: '窓口紹介',
  CHANNEL_ONLINE_REFERRAL: 'オンラインハローワーク紹介',
  CHANNEL_ONLINE_SELF: 'オンライン自主応募',
};
export const channels = Object.keys(channelLabels) as Channel[];

export function channelLabel(c: string | undefined): string {
  return (c && channelLabels[c as Channel]) || '';
}

// The two referral channels carry a 紹介状 (§3.2).
export function hasLetter(c: string | undefined): boolean {
  return c === 'CHANNEL_COUNTER_REFERRAL' || c === 'CHANNEL_ONLINE_REFERRAL';
}

export const decisionLabels: Record<Decision, string> = {
  DECISION_HIRED: '採用',
  DECISION_NOT_HIRED: '不採用',
  DECISION_DECLINED: '辞退',
};

// decisionLabel is the result in force, 選考中 while none is registered.
export function decisionLabel(d: string | undefined): string {
  return (d && decisionLabels[d as Decision]) || '選考中';
}

// §2.2: 雇用形態 and 賃金形態 are job-posting's code lists; the API carries their enum
// names and the labels are generated (src/api/codeLabels.ts).
export const employmentForms: CodeList = employmentFormLabels;
export const wageForms: CodeList = payFormLabels;

// optionsOf is a code list as a select's options.
export function optionsOf(list: CodeList): { value: string; label: string }[] {
  return list.map(([c, l]) => ({ value: String(c), label: l }));
}

// chosen is a code the API answered, '' when unset (…_UNSPECIFIED).
function chosen(code: string | undefined): string {
  return code && !code.endsWith('_UNSPECIFIED') ? code : '';
}

export const prefectures = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県',
  '埼玉県', '千葉県', '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県',
  '岐阜県', '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県',
  '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県', '香川県', '愛媛県', '高知県', '福岡県',
  '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
] as const;

export function prefectureName(code: number | undefined): string {
  return code && code >= 1 && code <= 47 ? (prefectures[code - 1] ?? '') : '';
}

// chars counts characters as the service does (Unicode code points, after CRLF → LF).
export function chars(s: string): number {
  return [...s.replace(/\r\n?/g, '\n')].length;
}

// The service refuses control characters (tabs and newlines only in multi-line
// texts), private-use characters and bidi overrides (finding.Text).
const badText = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ue000-\uf8ff]/;

function text(label: string, max: number, required: boolean) {
  return z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .refine((s) => !required || s.length > 0, { error: `${label}を入力してください。` })
        .refine((s) => chars(s) <= max, { error: `${label}は${max.toLocaleString('ja-JP')}文字以内で入力してください。` })
        .refine((s) => !badText.test(s), { error: `${label}に使用できない文字が含まれています。` }),
    );
}

// MSG-1: plain text, 1 to 2,000 characters.
export const maxMessage = 2000;
export const messageForm = z.object({ body: text('メッセージ', maxMessage, true) });
export type MessageForm = z.input<typeof messageForm>;

// SEEK-1: the message of a 直接リクエスト, 1 to 2,000 characters.
export const directRequestForm = z.object({
  posting_id: z.string().min(1, { error: '求人を選択してください。' }).max(64),
  message: text('メッセージ', maxMessage, true),
});
export type DirectRequestForm = z.input<typeof directRequestForm>;

// APP-2: the selection result (SelectionResultInput; domain/application/result.go).
export const maxMismatch = 500;
export const maxReason = 200;
export const maxNote = 500;

export const resultForm = z
  .object({
    decision: z.enum(['', 'DECISION_HIRED', 'DECISION_NOT_HIRED', 'DECISION_DECLINED']),
    condition_mismatch: z.enum(['', 'yes', 'no']),
    mismatch_detail: z.string(),
    hire_date: z.string().max(10),
    employment_form: z.string(),
    not_hired_reason: z.string(),
    note: z.string(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const check = (path: string, schema: ReturnType<typeof text>, value: string) => {
      const r = schema.safeParse(value);
      if (!r.success) issue(path, r.error.issues[0]?.message ?? '');
    };
    if (v.decision === '') {
      issue('decision', '選考結果を選択してください。');
      return;
    }
    if (v.decision === 'DECISION_HIRED') {
      if (v.condition_mismatch === '') issue('condition_mismatch', '求人票の労働条件と採用条件の相違を選択してください。');
      if (v.condition_mismatch === 'yes') check('mismatch_detail', text('相違の内容', maxMismatch, true), v.mismatch_detail);
      if (v.hire_date !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(v.hire_date)) issue('hire_date', '採用（予定）年月日を正しく入力してください。');
    }
    if (v.decision === 'DECISION_NOT_HIRED') check('not_hired_reason', text('不採用の理由', maxReason, false), v.not_hired_reason);
    check('note', text('備考', maxNote, false), v.note);
  });
export type ResultForm = z.infer<typeof resultForm>;

export const emptyResult: ResultForm = {
  decision: '',
  condition_mismatch: '',
  mismatch_detail: '',
  hire_date: '',
  employment_form: '',
  not_hired_reason: '',
  note: '',
};

// resultInput is the API's SelectionResultInput of a checked form: the fields that do
// not apply to the decision are left out (the service refuses them).
export function resultInput(v: ResultForm) {
  const clean = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  const hired = v.decision === 'DECISION_HIRED';
  return {
    decision: v.decision as Decision,
    ...(hired ? { condition_mismatch: v.condition_mismatch === 'yes' } : {}),
    ...(hired && v.condition_mismatch === 'yes' ? { mismatch_detail: clean(v.mismatch_detail) } : {}),
    ...(hired && v.hire_date ? { hire_date: v.hire_date } : {}),
    // A step kept in sessionStorage before the codes were enums holds a number.
    ...(hired && v.employment_form ? { employment_form: codeNameOf(employmentForms, v.employment_form) as EmploymentForm } : {}),
    ...(v.decision === 'DECISION_NOT_HIRED' && clean(v.not_hired_reason) ? { not_hired_reason: clean(v.not_hired_reason) } : {}),
    ...(clean(v.note) ? { note: clean(v.note) } : {}),
  };
}

// resultFormOf fills the form from a registered result, for a correction.
export function resultFormOf(r: {
  decision?: string | undefined;
  condition_mismatch?: boolean | undefined;
  mismatch_detail?: string | undefined;
  hire_date?: string | undefined;
  employment_form?: EmploymentForm | undefined;
  not_hired_reason?: string | undefined;
  note?: string | undefined;
} | undefined): ResultForm {
  if (!r) return emptyResult;
  const d = r.decision;
  return {
    decision: d === 'DECISION_HIRED' || d === 'DECISION_NOT_HIRED' || d === 'DECISION_DECLINED' ? d : '',
    condition_mismatch: r.condition_mismatch === undefined ? '' : r.condition_mismatch ? 'yes' : 'no',
    mismatch_detail: r.mismatch_detail ?? '',
    hire_date: r.hire_date ?? '',
    employment_form: chosen(r.employment_form),
    not_hired_reason: r.not_hired_reason ?? '',
    note: r.note ?? '',
  };
}

// resultFields maps the API's field paths of a result to the form's fields.
export const resultFieldMap: Record<string, keyof ResultForm> = Object.fromEntries(
  (['decision', 'condition_mismatch', 'mismatch_detail', 'hire_date', 'employment_form', 'not_hired_reason', 'note'] as const).flatMap((f) => [
    [f, f],
    [`result.${f}`, f],
  ]),
) as Record<string, keyof ResultForm>;

// Seeker search filters (SearchSeekersRequest): occupation ≤ 20, keyword ≤ 400, up to
// 5 licences of ≤ 200 characters, a wage in yen.
export const searchForm = z
  .object({
    occupation: z.string().max(20, { error: '希望職種は20文字以内で入力してください。' }),
    prefecture: z.string(),
    employment_form: z.string(),
    wage_form: z.string(),
    wage_yen: z.string().regex(/^[0-9]{0,9}$/, { error: '賃金は半角数字で入力してください。' }),
    licences: z.string(),
    keyword: z.string().max(400, { error: 'キーワードは400文字以内で入力してください。' }),
  })
  .superRefine((v, ctx) => {
    const list = splitLicences(v.licences);
    if (list.length > 5) ctx.addIssue({ code: 'custom', path: ['licences'], message: '免許・資格は5つまで入力してください。' });
    if (list.some((l) => chars(l) > 200)) ctx.addIssue({ code: 'custom', path: ['licences'], message: '免許・資格は1つ200文字以内で入力してください。' });
    if (v.wage_yen !== '' && v.wage_form === '') ctx.addIssue({ code: 'custom', path: ['wage_form'], message: '賃金形態を選択してください。' });
  });
export type SearchForm = z.infer<typeof searchForm>;
export const emptySearch: SearchForm = { occupation: '', prefecture: '', employment_form: '', wage_form: '', wage_yen: '', licences: '', keyword: '' };

// splitLicences reads the licences field: one per line or separated by 、 or commas.
export function splitLicences(s: string): string[] {
  return s
    .split(/[\n,，、]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

// searchQuery is the query of GET /v1/seekers for a checked form.
export function searchQuery(v: SearchForm, pageToken?: string) {
  const q: Record<string, string | number | string[]> = {};
  if (v.occupation.trim()) q.occupation = v.occupation.trim();
  if (v.prefecture) q.prefecture = Number(v.prefecture);
  if (v.employment_form) q.employment_form = codeNameOf(employmentForms, v.employment_form) as EmploymentForm;
  if (v.wage_form && v.wage_yen) {
    q['offered_wage.form'] = codeNameOf(wageForms, v.wage_form) as PayForm;
    q['offered_wage.yen'] = Number(v.wage_yen);
  }
  const lic = splitLicences(v.licences);
  if (lic.length) q.licences = lic;
  if (v.keyword.trim()) q.keyword = v.keyword.trim();
  if (pageToken) q.page_token = pageToken;
  return q;
}

// formatDate reads a JST date (YYYY-MM-DD) as a Date at JST noon, for the formatters.
export function jstDate(d: string | undefined): Date | undefined {
  if (!d || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  return new Date(`${d}T12:00:00+09:00`);
}

// deadlinePassed says whether the last day (YYYY-MM-DD, JST) of the result deadline is
// over at now.
export function deadlinePassed(deadline: string | undefined, now: Date = new Date()): boolean {
  if (!deadline) return false;
  const end = new Date(`${deadline}T00:00:00+09:00`);
  if (Number.isNaN(end.getTime())) return false;
  return now.getTime() >= end.getTime() + 24 * 3600 * 1000;
}

// yen formats an amount: 200,000円.
export function yen(n: number | undefined): string {
  return n ? `${n.toLocaleString('ja-JP')}円` : '';
}

// The state of a multi-screen step (a result or a direct request between its form and
// its confirmation) is kept in this tab's sessionStorage, so a reload keeps it.
// Nothing secret goes there.
const keep = 'hw.applicants.';

export function keepStep<T>(key: string, v: T | undefined): void {
  try {
    if (v === undefined) sessionStorage.removeItem(keep + key);
    else sessionStorage.setItem(keep + key, JSON.stringify(v));
  } catch {
    // Storage refused: the screens still work until a reload.
  }
}

export function keptStep<T>(key: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(keep + key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}
