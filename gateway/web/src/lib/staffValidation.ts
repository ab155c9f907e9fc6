// Form rules of the office staff's screens, mirroring the protovalidate rules of the
// staff RPCs (employer_registration, job_posting, applicant_selection, identity) and
// the rules employer-registration checks on a profile (its CheckInput: required
// sections' fields, lengths, 法人番号 check digit, postal code, telephone, municipality
// and industry codes). The server stays the judge: its field violations are put on the
// same fields (counterFieldMap).
import { z } from 'zod';
import { email, toHalfWidth } from './validation';

// staffNext keeps a return path after the staff sign-in only when it is a staff screen.
export function staffNext(next: string | null | undefined): string {
  if (!next || !(next === '/staff' || next.startsWith('/staff/')) || next.startsWith('/staff/login')) return '/staff';
  return next;
}

const half = (s: string) => toHalfWidth(s).trim();

// validCorporateNumber: 13 digits whose first is the check digit of the other twelve
// (法人番号: 9 − (Σ Pn×Qn mod 9), Pn the n-th digit from the right, Qn 1 or 2).
export function validCorporateNumber(s: string): boolean {
  if (!/^[0-9]{13}$/.test(s)) return false;
  const body = s.slice(1);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const p = Number(body[12 - n]);
    sum += p * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9) === Number(s[0]);
}

export const postalCodeRe = /^[0-9]{3}-?[0-9]{4}$/;
export const phoneRe = /^0[0-9]{1,4}-?[0-9]{1,4}-?[0-9]{3,4}$/;
const katakana = /^[\u3040-\u309f\u30a0-\u30ff\uff66-\uff9f\u3000 ・ー－\-（）()0-9０-９A-Za-zＡ-Ｚａ-ｚ]+$/;

const text = (label: string, max: number, required = true) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(
      required
        ? z.string().min(1, { error: `${label}を入力してください。` }).max(max, { error: `${label}は${max}文字以内で入力してください。` })
        : z.string().max(max, { error: `${label}は${max}文字以内で入力してください。` }),
    );

const count = (label: string) =>
  z
    .string()
    .transform(half)
    .pipe(z.string().regex(/^[0-9]{0,8}$/, { error: `${label}は半角数字で入力してください。` }));

// The counter registration (窓口での事業所登録, OPEN-2): sections 1-5 in flat fields,
// and the login e-mail (optional: OPEN-3 opens the MyPage later with a code).
export const counterForm = z
  .object({
    sole_proprietor: z.boolean(),
    corporate_number: z.string().transform(half),
    company_name: text('法人名', 100),
    company_name_kana: text('法人名(カナ)', 100, false),
    head_office_postal_code: z.string().transform(half),
    head_office_address: text('本社所在地', 150),
    established_year: count('設立年'),
    capital_yen: z
      .string()
      .transform(half)
      .pipe(z.string().regex(/^[0-9]{0,16}$/, { error: '資本金は半角数字で入力してください。' })),
    employees_company: count('従業員数(企業全体)'),
    representative_title: text('代表者の役職', 50, false),
    representative_name: text('代表者名', 50),
    name: text('事業所名', 100),
    name_kana: text('事業所名(カナ)', 100),
    postal_code: z.string().transform(half),
    municipality_code: z.string().transform(half),
    address: text('所在地', 150),
    phone_number: z.string().transform(half),
    fax_number: z.string().transform(half),
    industry_code: z.string().transform(half),
    employees_at_workplace: count('従業員数(就業場所)'),
    employees_female: count('うち女性'),
    employees_part_time: count('うちパート'),
    business_description: text('事業内容', 300),
    nearest_station: text('最寄り駅', 50, false),
    pr_text: text('事業所PR', 1000, false),
    login_email: z.string().transform((s) => s.trim()),
    establishment_number: z.string().transform(half),
  })
  .superRefine((v, ctx) => {
    const add = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.sole_proprietor && v.corporate_number) add('corporate_number', '個人事業主等の場合、法人番号は入力しないでください。');
    if (!v.sole_proprietor && !v.corporate_number) add('corporate_number', '法人番号を入力してください。');
    else if (!v.sole_proprietor && !validCorporateNumber(v.corporate_number)) add('corporate_number', '法人番号が正しくありません。');
    if (v.company_name_kana && !katakana.test(v.company_name_kana)) add('company_name_kana', '法人名(カナ)はカナで入力してください。');
    if (!v.head_office_postal_code) add('head_office_postal_code', '本社郵便番号を入力してください。');
    else if (!postalCodeRe.test(v.head_office_postal_code)) add('head_office_postal_code', '郵便番号は半角数字7桁(例：100-0001)で入力してください。');
    if (v.established_year && (Number(v.established_year) < 1600 || Number(v.established_year) > new Date().getFullYear())) {
      add('established_year', '設立年を西暦4桁で正しく入力してください。');
    }
    if (v.name_kana && !katakana.test(v.name_kana)) add('name_kana', '事業所名(カナ)はカナで入力してください。');
    if (!v.postal_code) add('postal_code', '郵便番号を入力してください。');
    else if (!postalCodeRe.test(v.postal_code)) add('postal_code', '郵便番号は半角数字7桁(例：100-0001)で入力してください。');
    if (!/^[0-9]{5}$/.test(v.municipality_code)) add('municipality_code', '市区町村コードを半角数字5桁で入力してください。');
    if (!v.phone_number) add('phone_number', '電話番号を入力してください。');
    else if (!phoneRe.test(v.phone_number)) add('phone_number', '電話番号は半角数字とハイフンで正しく入力してください。');
    if (v.fax_number && !phoneRe.test(v.fax_number)) add('fax_number', 'FAX番号は半角数字とハイフンで正しく入力してください。');
    if (v.industry_code && !/^(0[1-9]|[1-9][0-9])$/.test(v.industry_code)) add('industry_code', '産業分類を半角数字2桁(01〜99)で入力してください。');
    const at = Number(v.employees_at_workplace || 0);
    if (Number(v.employees_female || 0) > at) add('employees_female', 'うち女性は従業員数(就業場所)以下で入力してください。');
    if (Number(v.employees_part_time || 0) > at) add('employees_part_time', 'うちパートは従業員数(就業場所)以下で入力してください。');
    if (v.establishment_number && !/^[0-9]{4}-?[0-9]{6}-?[0-9]$/.test(v.establishment_number)) {
      add('establishment_number', '事業所番号を半角数字4桁-6桁-1桁で入力してください。');
    }
    if (v.login_email) {
      const r = email.safeParse(v.login_email);
      if (!r.success) add('login_email', r.error.issues[0]?.message ?? 'メールアドレスの形式が正しくありません。');
    }
  });
export type CounterFormInput = z.input<typeof counterForm>;
export type CounterForm = z.output<typeof counterForm>;

export const counterFields = [
  'sole_proprietor',
  'corporate_number',
  'company_name',
  'company_name_kana',
  'head_office_postal_code',
  'head_office_address',
  'established_year',
  'capital_yen',
  'employees_company',
  'representative_title',
  'representative_name',
  'name',
  'name_kana',
  'postal_code',
  'municipality_code',
  'address',
  'phone_number',
  'fax_number',
  'industry_code',
  'employees_at_workplace',
  'employees_female',
  'employees_part_time',
  'business_description',
  'nearest_station',
  'pr_text',
  'login_email',
  'establishment_number',
] as const;

// counterFieldMap maps the API's field paths (profile.company.company_name, or the
// section path the profile checks report, company.company_name) to the form's fields.
export const counterFieldMap: Record<string, (typeof counterFields)[number]> = (() => {
  const sections: Record<string, string[]> = {
    company: [
      'corporate_number',
      'company_name',
      'company_name_kana',
      'head_office_postal_code',
      'head_office_address',
      'established_year',
      'capital_yen',
      'employees_company',
      'representative_title',
      'representative_name',
    ],
    basic: ['name', 'name_kana', 'postal_code', 'municipality_code', 'address', 'phone_number', 'fax_number', 'industry_code'],
    detail: ['employees_at_workplace', 'employees_female', 'employees_part_time', 'business_description'],
    workplace: ['nearest_station'],
    pr: ['pr_text'],
  };
  const m: Record<string, (typeof counterFields)[number]> = { login_email: 'login_email', establishment_number: 'establishment_number' };
  for (const [sec, fields] of Object.entries(sections)) {
    for (const f of fields) {
      m[`${sec}.${f}`] = f as (typeof counterFields)[number];
      m[`profile.${sec}.${f}`] = f as (typeof counterFields)[number];
    }
  }
  return m;
})();

const n = (s: string) => (s ? Number(s) : 0);

// counterRequest is the body of POST /v1/staff/establishments.
export function counterRequest(v: CounterForm) {
  return {
    profile: {
      company: {
        sole_proprietor: v.sole_proprietor,
        corporate_number: v.corporate_number,
        company_name: v.company_name,
        company_name_kana: v.company_name_kana,
        head_office_postal_code: v.head_office_postal_code,
        head_office_address: v.head_office_address,
        established_year: n(v.established_year),
        capital_yen: v.capital_yen || '0',
        employees_company: n(v.employees_company),
        representative_title: v.representative_title,
        representative_name: v.representative_name,
      },
      basic: {
        name: v.name,
        name_kana: v.name_kana,
        postal_code: v.postal_code,
        municipality_code: v.municipality_code,
        address: v.address,
        phone_number: v.phone_number,
        fax_number: v.fax_number,
        industry_code: v.industry_code,
      },
      detail: {
        employees_at_workplace: n(v.employees_at_workplace),
        employees_female: n(v.employees_female),
        employees_part_time: n(v.employees_part_time),
        business_description: v.business_description,
      },
      workplace: { same_as_establishment: true, nearest_station: v.nearest_station },
      pr: { pr_text: v.pr_text },
    },
    login_email: v.login_email,
    establishment_number: v.establishment_number,
  };
}

// 事業所番号 (ESTNO-1) typed as one field: 4-6-1 digits, hyphens optional.
export const estNumberForm = z.object({
  establishment_number: z
    .string()
    .transform(half)
    .pipe(
      z
        .string()
        .min(1, { error: '事業所番号を入力してください。', abort: true })
        .regex(/^[0-9]{4}-?[0-9]{6}-?[0-9]$/, { error: '事業所番号を半角数字4桁-6桁-1桁で入力してください。' }),
    ),
});
export type EstNumberForm = z.input<typeof estNumberForm>;

// 求人番号 NNNNN-NNNNNNNN (13 digits, hyphen optional).
export const jobNumber = z
  .string()
  .transform(half)
  .pipe(
    z
      .string()
      .min(1, { error: '求人番号を入力してください。', abort: true })
      .regex(/^[0-9]{5}-?[0-9]{8}$/, { error: '求人番号を半角数字5桁-8桁で入力してください。' }),
  );
export const jobNumberForm = z.object({ job_number: jobNumber });
export type JobNumberForm = z.input<typeof jobNumberForm>;

// The counter referral (窓口紹介, APP-1): the posting by its 求人番号, the seeker by
// 求職番号, the selection and the documents to bring.
export const referralForm = z.object({
  job_number: jobNumber,
  seeker_number: z
    .string()
    .transform(half)
    .pipe(
      z
        .string()
        .min(1, { error: '求職番号を入力してください。', abort: true })
        .regex(/^[0-9]{5}-?[0-9]{8}$/, { error: '求職番号を半角数字5桁-8桁で入力してください。' }),
    ),
  method: text('選考方法', 800, false),
  interview_at: z.string(), // datetime-local, JST
  place: text('面接場所', 800, false),
  documents: text('持参書類', 2000, false),
});
export type ReferralFormInput = z.input<typeof referralForm>;
export type ReferralForm = z.output<typeof referralForm>;

// withHyphen writes a 13-digit 求人番号 / 求職番号 as NNNNN-NNNNNNNN.
export function withHyphen(s: string): string {
  const d = s.replace(/-/g, '');
  return d.length === 13 ? `${d.slice(0, 5)}-${d.slice(5)}` : s;
}

// jstLocalToRFC3339 turns a datetime-local value typed in JST into RFC 3339.
export function jstLocalToRFC3339(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return '';
  return `${v}:00+09:00`;
}

// The visitor terminal's label (RegisterVisitorTerminalRequest.display_name: 1-100).
export const terminalForm = z.object({ display_name: text('端末の名前', 100) });
export type TerminalForm = z.input<typeof terminalForm>;

// isoDate reads a date typed as 西暦 YYYY-MM-DD (full-width digits too) and returns it,
// or undefined when it is not a calendar date (BringForwardReferralDeadlineRequest.
// referral_deadline: ^[0-9]{4}-[0-9]{2}-[0-9]{2}$; the service judges the range).
export function isoDate(v: string): string | undefined {
  const s = half(v).replace(/[/／]/g, '-');
  const m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// A staff member's login ID (DisableStaffAccountRequest.login_id: 1-100, an e-mail).
export const staffLoginForm = z.object({ login_id: z.string().transform((s) => toHalfWidth(s).trim()).pipe(email) });
export type StaffLoginForm = z.input<typeof staffLoginForm>;

// The office an establishment moves to (TransferEstablishmentRequest.office_code: 4 digits).
export const transferForm = z.object({
  establishment_number: estNumberForm.shape.establishment_number,
  office_code: z.string().regex(/^[0-9]{4}$/, { error: '移管先の安定所を選択してください。' }),
});
export type TransferFormInput = z.input<typeof transferForm>;
