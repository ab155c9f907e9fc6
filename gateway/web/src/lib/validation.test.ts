import { describe, expect, it } from 'vitest';
import {
  additionalAccountForm,
  imageProblem,
  loginAccountForm,
  creationCodeForm,
  email,
  establishmentNumber,
  newPassword,
  oneTimePassword,
  passwordWithKeyForm,
  registrationStartForm,
  safeNext,
  toHalfWidth,
} from './validation';

function messages(r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('EMAIL-1', () => {
  it.each(['you@example.co.jp', 'foo.@docomo.ne.jp', 'a+b@x.jp'])('accepts %s', (v) => {
    expect(email.safeParse(v).success).toBe(true);
  });
  it.each([
    ['', 'メールアドレスを入力してください。'],
    ['you@example', 'メールアドレスの形式が正しくありません。'],
    ['ｙｏｕ@example.jp', 'メールアドレスは半角英数字記号で入力してください。'],
    ['a b@example.jp', 'メールアドレスは半角英数字記号で入力してください。'],
    [`${'a'.repeat(96)}@x.jp`, 'メールアドレスは100文字以内で入力してください。'],
  ])('refuses %j', (v, msg) => {
    expect(email.safeParse(v).error?.issues[0]?.message).toBe(msg);
  });
});

describe('PW-1', () => {
  it('accepts 8 to 32 half-width characters with a digit, a letter and a symbol', () => {
    expect(newPassword.safeParse('Kyujin#2026ok').success).toBe(true);
    expect(newPassword.safeParse('a1!' + 'x'.repeat(29)).success).toBe(true);
  });
  it.each([
    ['a1!xxxx', 'パスワードは8文字以上32文字以内で入力してください。'],
    ['a1!' + 'x'.repeat(30), 'パスワードは8文字以上32文字以内で入力してください。'],
    ['abcdefgh1', 'パスワードは半角数字、英字、記号のすべてを含めてください。'],
    ['Ｐａｓｓ１！ｘｘ', 'パスワードは半角英数字記号で入力してください。'],
  ])('refuses %j', (v, msg) => {
    expect(newPassword.safeParse(v).error?.issues[0]?.message).toBe(msg);
  });
  it('puts a mismatch on the confirmation field', () => {
    const r = passwordWithKeyForm.safeParse({ email: 'you@example.co.jp', password: 'Kyujin#2026ok', password_confirmation: 'Kyujin#2026ng', auth_key: 'k' });
    expect(messages(r)).toEqual(['password_confirmation: パスワード(確認用)が一致しません。']);
  });
});

describe('OPEN-1 first screen', () => {
  it('needs both consents and the same e-mail twice, and reports every field at once', () => {
    const r = registrationStartForm.safeParse({
      email: 'you@example.co.jp',
      email_confirmation: 'me@example.co.jp',
      agreed_to_privacy_policy: false,
      agreed_to_terms: false,
    });
    expect(messages(r)).toEqual([
      'agreed_to_privacy_policy: 「プライバシーポリシー」に同意してください。',
      'agreed_to_terms: 「マイページ利用規約」に同意してください。',
      'email_confirmation: メールアドレス(確認用)が一致しません。',
    ]);
    const ok = registrationStartForm.safeParse({
      email: 'you@example.co.jp',
      email_confirmation: 'me@example.co.jp',
      agreed_to_privacy_policy: true,
      agreed_to_terms: true,
    });
    expect(messages(ok)).toEqual(['email_confirmation: メールアドレス(確認用)が一致しません。']);
  });
});

describe('OPEN-3', () => {
  const valid = {
    email: 'you@example.co.jp',
    email_confirmation: 'you@example.co.jp',
    establishment_number_1: '1301',
    establishment_number_2: '１２３４５６',
    establishment_number_3: '7',
    phone_1: '03',
    phone_2: '1234',
    phone_3: '5678',
    code: '5z2X#3mwc%',
  };
  it('accepts the seed sample and joins 4-6-1 (full-width digits too)', () => {
    expect(creationCodeForm.safeParse(valid).success).toBe(true);
    expect(establishmentNumber(valid)).toBe('1301-123456-7');
  });
  it('refuses a short establishment number, a bad telephone and a long code', () => {
    const r = creationCodeForm.safeParse({ ...valid, establishment_number_2: '12345', phone_2: 'abc', code: '5z2X#3mwc%x' });
    expect(messages(r)).toEqual([
      'code: アカウント作成コードは10文字以内で入力してください。',
      'establishment_number_1: 事業所番号を半角数字4桁-6桁-1桁で入力してください。',
      'phone_1: 電話番号を半角数字で入力してください。',
    ]);
  });
});

describe('LOGIN-2 one-time password', () => {
  it('takes full-width digits typed with an IME', () => {
    expect(oneTimePassword.parse('１２３４５６')).toBe('123456');
    expect(toHalfWidth('ＡＢ１')).toBe('AB1');
  });
  it('refuses letters', () => {
    expect(oneTimePassword.safeParse('12a456').error?.issues[0]?.message).toBe('ワンタイムパスワードは半角数字で入力してください。');
  });
});

describe('safeNext', () => {
  it.each([
    ['/home', '/home'],
    ['/settings?tab=1', '/settings?tab=1'],
    [null, '/home'],
    ['https://evil.example/', '/home'],
    ['//evil.example/', '/home'],
    ['/\\evil.example', '/home'],
    ['/login/otp', '/home'],
  ])('%j → %j', (v, want) => {
    expect(safeNext(v)).toBe(want);
  });
});

describe('ACC-2 additional account', () => {
  it('checks the e-mail and the password, each typed twice', () => {
    const r = additionalAccountForm.safeParse({
      email: 'tanto@example.co.jp',
      email_confirmation: 'tanto@example.co.jp',
      password: 'Kyujin#2026ok',
      password_confirmation: 'Kyujin#2026',
    });
    expect(messages(r)).toEqual(['password_confirmation: パスワード(確認用)が一致しません。']);
  });
});

describe('loginAccountForm (ACC-1)', () => {
  const base = { current_password: 'x', new_email: '', new_email_confirmation: '', new_password: '', new_password_confirmation: '' };
  const issues = (v: typeof base) => {
    const r = loginAccountForm.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('needs something to change', () => {
    expect(issues(base)).toEqual(['new_email: 変更するメールアドレスまたはパスワードを入力してください。']);
  });
  it('puts an invalid address on the address, a different confirmation on the confirmation', () => {
    expect(issues({ ...base, new_email: 'taro@@example', new_email_confirmation: 'taro@example.jp' })[0]).toMatch(/^new_email: /);
    expect(issues({ ...base, new_email: 'taro@example.jp', new_email_confirmation: 'jiro@example.jp' })).toEqual([
      'new_email_confirmation: メールアドレス(確認用)が一致しません。',
    ]);
  });
  it('checks the new password by PW-1 and its confirmation', () => {
    expect(issues({ ...base, new_password: 'short', new_password_confirmation: 'short' })[0]).toMatch(/^new_password: /);
    expect(issues({ ...base, new_password: 'Kyujin#2026ok', new_password_confirmation: 'Kyujin#2026ok' })).toEqual([]);
  });
});

describe('imageProblem (IMG-1)', () => {
  it('refuses the 11th image, other types and files over 2 MB', () => {
    expect(imageProblem({ size: 10, type: 'image/png' }, 10)).toMatch(/10ファイルまで/);
    expect(imageProblem({ size: 10, type: 'image/webp' }, 0)).toMatch(/JPEG、GIF、PNG、BMP/);
    expect(imageProblem({ size: 2 * 1024 * 1024 + 1, type: 'image/jpeg' }, 0)).toMatch(/2MB/);
    expect(imageProblem({ size: 2 * 1024 * 1024, type: 'image/bmp' }, 9)).toBe('');
  });
});
