import { describe, expect, it } from 'vitest';
import { formatWareki } from './dates';
import {
  counterFieldMap,
  counterForm,
  counterRequest,
  estNumberForm,
  isoDate,
  jstLocalToRFC3339,
  referralForm,
  staffLoginForm,
  staffNext,
  transferForm,
  validCorporateNumber,
  withHyphen,
} from './staffValidation';

const valid = {
  sole_proprietor: false,
  corporate_number: '7000012050002',
  company_name: '株式会社テスト商事',
  company_name_kana: 'カブシキガイシャテストショウジ',
  head_office_postal_code: '１００－０００１',
  head_office_address: '東京都千代田区千代田1-1',
  established_year: '1990',
  capital_yen: '10000000',
  employees_company: '50',
  representative_title: '代表取締役',
  representative_name: '試験太郎',
  name: 'テスト商事 本社',
  name_kana: 'てすとしょうじ ほんしゃ',
  postal_code: '1000001',
  municipality_code: '13101',
  address: '東京都千代田区千代田1-1',
  phone_number: '03-1234-5678',
  fax_number: '',
  industry_code: '50',
  employees_at_workplace: '20',
  employees_female: '8',
  employees_part_time: '3',
  business_description: '事務用品の卸売を行っています。',
  nearest_station: '東京駅',
  pr_text: '',
  login_email: '',
  establishment_number: '',
};

describe('counter registration form (mirrors employer-registration CheckInput)', () => {
  it('accepts a complete profile and builds the API body with full-width digits made half-width', () => {
    const r = counterForm.safeParse(valid);
    expect(r.success).toBe(true);
    if (!r.success) return;
    const body = counterRequest(r.data);
    expect(body.profile.company.head_office_postal_code).toBe('100-0001');
    expect(body.profile.company.established_year).toBe(1990);
    expect(body.profile.company.capital_yen).toBe('10000000');
    expect(body.profile.workplace.same_as_establishment).toBe(true);
    expect(body.login_email).toBe('');
  });
  it.each([
    ['corporate_number', { corporate_number: '1234567890123' }, '法人番号が正しくありません。'],
    ['corporate_number', { sole_proprietor: true }, '個人事業主等の場合、法人番号は入力しないでください。'],
    ['company_name', { company_name: ' ' }, '法人名を入力してください。'],
    ['postal_code', { postal_code: '12-34' }, '郵便番号は半角数字7桁(例：100-0001)で入力してください。'],
    ['municipality_code', { municipality_code: '131' }, '市区町村コードを半角数字5桁で入力してください。'],
    ['phone_number', { phone_number: 'abc' }, '電話番号は半角数字とハイフンで正しく入力してください。'],
    ['employees_female', { employees_female: '30' }, 'うち女性は従業員数(就業場所)以下で入力してください。'],
    ['industry_code', { industry_code: '00' }, '産業分類を半角数字2桁(01〜99)で入力してください。'],
    ['login_email', { login_email: 'not-an-address' }, 'メールアドレスの形式が正しくありません。'],
    ['business_description', { business_description: 'あ'.repeat(301) }, '事業内容は300文字以内で入力してください。'],
    ['establishment_number', { establishment_number: '1301-12' }, '事業所番号を半角数字4桁-6桁-1桁で入力してください。'],
  ])('refuses a wrong %s', (field, patch, message) => {
    const r = counterForm.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues.find((i) => i.path[0] === field)?.message).toBe(message);
  });
  it('maps the API field paths of the profile checks to the form fields', () => {
    expect(counterFieldMap['profile.basic.phone_number']).toBe('phone_number');
    expect(counterFieldMap['company.corporate_number']).toBe('corporate_number');
    expect(counterFieldMap['login_email']).toBe('login_email');
  });
});

describe('staff helpers', () => {
  it('checks the 法人番号 check digit', () => {
    expect(validCorporateNumber('7000012050002')).toBe(true);
    expect(validCorporateNumber('8000012050002')).toBe(false);
    expect(validCorporateNumber('700001205000')).toBe(false);
  });
  it('keeps only staff screens as the return path after the staff sign-in', () => {
    expect(staffNext('/staff/postings')).toBe('/staff/postings');
    expect(staffNext('/home')).toBe('/staff');
    expect(staffNext('//evil.example/staff')).toBe('/staff');
    expect(staffNext('/staff/login')).toBe('/staff');
    expect(staffNext(null)).toBe('/staff');
  });
  it('reads 事業所番号, 求人番号 and 求職番号 typed with or without hyphens, full-width too', () => {
    expect(estNumberForm.safeParse({ establishment_number: '１３０１-１２３４５６-７' }).success).toBe(true);
    expect(estNumberForm.safeParse({ establishment_number: '1301-12345-7' }).success).toBe(false);
    expect(withHyphen('1301012345678')).toBe('13010-12345678');
    const r = referralForm.safeParse({ job_number: '13010-12345678', seeker_number: '9999900000007', method: '', interview_at: '', place: '', documents: '' });
    expect(r.success).toBe(true);
    expect(referralForm.safeParse({ job_number: '', seeker_number: 'x', method: '', interview_at: '', place: '', documents: '' }).error?.issues.map((i) => i.message)).toEqual([
      '求人番号を入力してください。',
      '求職番号を半角数字5桁-8桁で入力してください。',
    ]);
  });
  it('sends the interview time typed in JST as RFC 3339', () => {
    expect(jstLocalToRFC3339('2026-12-15T10:30')).toBe('2026-12-15T10:30:00+09:00');
    expect(jstLocalToRFC3339('')).toBe('');
  });
  it('prints a creation code expiry (JST date) as the seed sample: 令和8年12月15日', () => {
    expect(formatWareki('2026-12-15')).toBe('令和8年12月15日');
  });
  it('reads a new 紹介期限日 typed as YYYY-MM-DD (or with slashes, full-width), refusing dates that do not exist', () => {
    expect(isoDate('2027-01-31')).toBe('2027-01-31');
    expect(isoDate('２０２７/１/５')).toBe('2027-01-05');
    expect(isoDate('2027-02-30')).toBeUndefined();
    expect(isoDate('令和9年1月5日')).toBeUndefined();
    expect(isoDate('')).toBeUndefined();
  });
  it('checks a staff login ID to disable as an e-mail, and a transfer needs the number and the office', () => {
    expect(staffLoginForm.safeParse({ login_id: ' staff@example.jp ' }).data?.login_id).toBe('staff@example.jp');
    expect(staffLoginForm.safeParse({ login_id: '' }).error?.issues[0]?.message).toBe('メールアドレスを入力してください。');
    expect(transferForm.safeParse({ establishment_number: '1301-123456-7', office_code: '' }).error?.issues.map((i) => i.message)).toEqual([
      '移管先の安定所を選択してください。',
    ]);
    expect(transferForm.safeParse({ establishment_number: '1301123456-7', office_code: '1302' }).success).toBe(true);
  });
});
