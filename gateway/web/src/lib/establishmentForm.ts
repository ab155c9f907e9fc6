// The five sections of 事業所情報の仮登録 (OPEN-1 step 4, domain.md §1.3; section 6
// 画像情報 is the image upload of /establishment/images once the MyPage is open) as
// forms, described with the posting wizard's FieldDefs so that the same form rules,
// conversions and local copy apply (lib/postingForm.ts). Labels, required fields and
// lengths mirror services/employer-registration/internal/domain/establishment/profile.go;
// the service checks the rest (法人番号's check digit, katakana, postal codes,
// telephone numbers) and its violations land on the same fields.
import type { FieldDef } from './postingForm';

export type EstSectionKey = 'company' | 'basic' | 'detail' | 'workplace' | 'pr';

export const estSections: ReadonlyArray<{ key: EstSectionKey; title: string; number: number; optional?: boolean }> = [
  { key: 'company', title: '企業基本情報', number: 1 },
  { key: 'basic', title: '事業所基本情報', number: 2 },
  { key: 'detail', title: '事業所詳細情報', number: 3 },
  { key: 'workplace', title: '事業所就業場所情報', number: 4 },
  { key: 'pr', title: '事業所PR情報', number: 5, optional: true },
];

export const estSectionTitle = (key: string) => estSections.find((s) => s.key === key)?.title ?? '';

// estSectionOf is the section of a violation or warning path ("basic.name" → basic).
export const estSectionOf = (path: string): EstSectionKey | undefined => estSections.find((s) => s.key === path.split('.')[0])?.key;

const f = (path: string, label: string, kind: FieldDef['kind'], more: Partial<FieldDef> = {}): FieldDef => ({ path, label, kind, ...more });
const postal = '半角数字7桁（例：100-0001）';

export const estFields: Record<EstSectionKey, FieldDef[]> = {
  company: [
    f('sole_proprietor', '個人事業主等（法人番号がない）', 'bool'),
    f('corporate_number', '法人番号', 'text', { max: 40, hint: '半角数字13桁。個人事業主等の場合は入力しないでください。' }),
    f('company_name', '法人名', 'text', { required: true, max: 100, hint: '求人票には表示されません。' }),
    f('company_name_kana', '法人名(カナ)', 'text', { max: 100 }),
    f('head_office_postal_code', '本社郵便番号', 'text', { required: true, max: 20, hint: postal }),
    f('head_office_address', '本社所在地', 'text', { required: true, max: 150, hint: '求人票には表示されません。' }),
    f('established_year', '設立年（西暦）', 'int', { upTo: 9999 }),
    f('capital_yen', '資本金（円）', 'int', { upTo: 1_000_000_000_000_000 }),
    f('employees_company', '従業員数（企業全体）', 'int', { upTo: 10_000_000 }),
    f('representative_title', '代表者の役職', 'text', { max: 50 }),
    f('representative_name', '代表者名', 'text', { required: true, max: 50 }),
  ],
  basic: [
    f('name', '事業所名', 'text', { required: true, max: 100 }),
    f('name_kana', '事業所名(カナ)', 'text', { required: true, max: 100, hint: 'カタカナで入力してください。' }),
    f('postal_code', '郵便番号', 'text', { required: true, max: 20, hint: postal }),
    f('municipality_code', '市区町村コード', 'text', {
      required: true,
      max: 10,
      hint: '所在地の市区町村の5桁のコード（全国地方公共団体コード、例：千代田区は13101）。管轄のハローワークが決まります。',
    }),
    f('address', '所在地', 'text', { required: true, max: 150 }),
    f('phone_number', '電話番号', 'text', { required: true, max: 30, hint: '半角数字とハイフン（例：03-1234-5678）' }),
    f('fax_number', 'FAX番号', 'text', { max: 30 }),
    f('homepage_url', 'ホームページ', 'text', { max: 200, hint: 'https:// から入力してください。' }),
    f('industry_code', '産業分類', 'text', { max: 10, hint: '2桁の数字（01〜99）' }),
  ],
  detail: [
    f('employees_at_workplace', '従業員数（就業場所）', 'int', { upTo: 10_000_000 }),
    f('employees_female', 'うち女性', 'int', { upTo: 10_000_000 }),
    f('employees_part_time', 'うちパート', 'int', { upTo: 10_000_000 }),
    f('business_description', '事業内容', 'textarea', { required: true, max: 300 }),
    f('labour_union', '労働組合がある', 'bool', { group: '労働組合・就業規則' }),
    f('work_rules_full_time', '就業規則がある（フルタイム）', 'bool'),
    f('work_rules_part_time', '就業規則がある（パートタイム）', 'bool'),
    f('childcare_leave_record', '育児休業取得実績がある', 'bool', { group: '休業・休暇の取得実績' }),
    f('nursing_care_leave_record', '介護休業取得実績がある', 'bool'),
    f('sick_child_leave_record', '看護休暇取得実績がある', 'bool'),
  ],
  workplace: [
    f('same_as_establishment', '就業場所は事業所の所在地と同じ', 'bool'),
    f('postal_code', '就業場所の郵便番号', 'text', { max: 20, hint: `事業所の所在地と異なる場合に入力してください。${postal}` }),
    f('address', '就業場所の所在地', 'text', { max: 150, hint: '事業所の所在地と異なる場合に入力してください。' }),
    f('nearest_station', '最寄り駅', 'text', { max: 50 }),
    f('access', '通勤手段・アクセス', 'text', { max: 150 }),
  ],
  pr: [f('company_features', '会社の特徴', 'textarea', { max: 300 }), f('pr_text', '事業所PR', 'textarea', { max: 500 })],
};

// estFieldLabel is the label of a violation or warning path, for the summary.
export function estFieldLabel(path: string): string {
  const key = estSectionOf(path);
  if (!key) return '';
  const rel = path.slice(key.length + 1);
  return estFields[key].find((d) => d.path === rel)?.label ?? '';
}

// Where the typed input of each section is kept (localStorage, per establishment).
export const estLocalPrefix = 'hw.establishment.';
