// Form rules, mirroring the protovalidate rules of the identity API
// (proto/hellowork/identity/v1/identity_service.proto) and the product rules the
// service checks (docs/rules.md: EMAIL-1, PW-1, AUTHKEY-1, ESTNO-1, OPEN-3, LOGIN-2).
// The server stays the judge: its field violations are shown on the same fields.
import { z } from 'zod';

// Half-width printable ASCII, no spaces (EMAIL-1, PW-1: 半角英数字記号).
const halfWidth = /^[\x21-\x7e]+$/;

// toHalfWidth turns full-width digits and letters (typed with a Japanese IME) into
// half-width ones.
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export const email = z
  .string()
  .min(1, { error: 'メールアドレスを入力してください。' })
  .max(100, { error: 'メールアドレスは100文字以内で入力してください。' })
  .regex(halfWidth, { error: 'メールアドレスは半角英数字記号で入力してください。' })
  // One @, something on each side, a dot in the domain. Carrier addresses with a dot
  // right before the @ (foo.@docomo.ne.jp) are accepted, as identity accepts them.
  .regex(/^[^@]+@[^@.]+(\.[^@.]+)+$/, { error: 'メールアドレスの形式が正しくありません。' });

export const loginId = z
  .string()
  .min(1, { error: 'メールアドレスを入力してください。' })
  .max(100, { error: 'メールアドレスは100文字以内で入力してください。' });

// PW-1: 8 to 32 half-width characters with at least one digit, one letter, one symbol.
export const newPassword = z
  .string()
  .min(1, { error: 'パスワードを入力してください。' })
  .regex(halfWidth, { error: 'パスワードは半角英数字記号で入力してください。' })
  .min(8, { error: 'パスワードは8文字以上32文字以内で入力してください。' })
  .max(32, { error: 'パスワードは8文字以上32文字以内で入力してください。' })
  .refine((s) => /[0-9]/.test(s) && /[A-Za-z]/.test(s) && /[^0-9A-Za-z]/.test(s), {
    error: 'パスワードは半角数字、英字、記号のすべてを含めてください。',
  });

export const currentPassword = z
  .string()
  .min(1, { error: 'パスワードを入力してください。' })
  .max(256, { error: 'パスワードは256文字以内で入力してください。' });

// AUTHKEY-1: the key from the mail.
export const authKey = z
  .string()
  .trim()
  .min(1, { error: '認証キーを入力してください。' })
  .max(32, { error: '認証キーは32文字以内で入力してください。' });

// LOGIN-2: the mailed one-time password (6 digits; the API takes up to 16 characters).
export const oneTimePassword = z
  .string()
  .transform((s) => toHalfWidth(s).trim())
  .pipe(
    z
      .string()
      .min(1, { error: 'ワンタイムパスワードを入力してください。' })
      .regex(/^[0-9]{1,16}$/, { error: 'ワンタイムパスワードは半角数字で入力してください。' }),
  );

const consent = (what: string) => z.boolean().refine((v) => v, { error: `「${what}」に同意してください。` });

function confirmEmail<T extends { email: string; email_confirmation: string }>(v: T, ctx: z.RefinementCtx) {
  if (v.email && v.email_confirmation && v.email !== v.email_confirmation) {
    ctx.addIssue({ code: 'custom', path: ['email_confirmation'], message: 'メールアドレス(確認用)が一致しません。' });
  }
}

function confirmPassword<T extends { password: string; password_confirmation: string }>(v: T, ctx: z.RefinementCtx) {
  if (v.password && v.password_confirmation && v.password !== v.password_confirmation) {
    ctx.addIssue({ code: 'custom', path: ['password_confirmation'], message: 'パスワード(確認用)が一致しません。' });
  }
}

export const signInForm = z.object({ email: loginId, password: currentPassword });
export type SignInForm = z.infer<typeof signInForm>;

export const otpForm = z.object({ one_time_password: oneTimePassword, remember_device: z.boolean() });
export type OtpForm = z.input<typeof otpForm>;

// OPEN-1 first screen: e-mail twice and both consents.
export const registrationStartForm = z
  .object({
    email,
    email_confirmation: z.string().min(1, { error: 'メールアドレス(確認用)を入力してください。' }),
    agreed_to_privacy_policy: consent('プライバシーポリシー'),
    agreed_to_terms: consent('マイページ利用規約'),
  })
  .superRefine(confirmEmail);
export type RegistrationStartForm = z.infer<typeof registrationStartForm>;

// Every password screen: the new password twice and the auth key.
export const passwordWithKeyForm = z
  .object({
    email: loginId,
    password: newPassword,
    password_confirmation: z.string().min(1, { error: 'パスワード(確認用)を入力してください。' }),
    auth_key: authKey,
  })
  .superRefine(confirmPassword);
export type PasswordWithKeyForm = z.infer<typeof passwordWithKeyForm>;

export const resetRequestForm = z.object({ email: loginId });
export type ResetRequestForm = z.infer<typeof resetRequestForm>;

// OPEN-2 / OPEN-3 consent screen.
export const termsForm = z.object({
  agreed_to_privacy_policy: consent('プライバシーポリシー'),
  agreed_to_terms: consent('利用規約'),
});
export type TermsForm = z.infer<typeof termsForm>;

// OPEN-2: the e-mail registered at the counter.
export const passwordRegistrationEmailForm = z
  .object({ email, email_confirmation: z.string().min(1, { error: 'メールアドレス(確認用)を入力してください。' }) })
  .superRefine(confirmEmail);
export type PasswordRegistrationEmailForm = z.infer<typeof passwordRegistrationEmailForm>;

const digits = (n: string) => z.string().transform((s) => toHalfWidth(s).trim()).pipe(z.string().regex(new RegExp(`^[0-9]{${n}}$`)));

// OPEN-3: e-mail twice, 事業所番号 as 4-6-1 digits (ESTNO-1), telephone, code.
export const creationCodeForm = z
  .object({
    email,
    email_confirmation: z.string().min(1, { error: 'メールアドレス(確認用)を入力してください。' }),
    establishment_number_1: z.string(),
    establishment_number_2: z.string(),
    establishment_number_3: z.string(),
    phone_1: z.string(),
    phone_2: z.string(),
    phone_3: z.string(),
    code: z
      .string()
      .min(1, { error: 'アカウント作成コードを入力してください。' })
      .max(10, { error: 'アカウント作成コードは10文字以内で入力してください。' })
      .regex(halfWidth, { error: 'アカウント作成コードは半角文字で入力してください。' }),
  })
  .superRefine((v, ctx) => {
    confirmEmail(v, ctx);
    const ok =
      digits('4').safeParse(v.establishment_number_1).success &&
      digits('6').safeParse(v.establishment_number_2).success &&
      digits('1').safeParse(v.establishment_number_3).success;
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['establishment_number_1'],
        message: '事業所番号を半角数字4桁-6桁-1桁で入力してください。',
      });
    }
    const phone = [v.phone_1, v.phone_2, v.phone_3].map((p) => toHalfWidth(p).trim());
    if (phone.some((p) => !/^[0-9]{1,6}$/.test(p)) || phone.join('-').length > 20) {
      ctx.addIssue({ code: 'custom', path: ['phone_1'], message: '電話番号を半角数字で入力してください。' });
    }
  });
export type CreationCodeForm = z.infer<typeof creationCodeForm>;

// establishmentNumber joins the three fields in the canonical NNNN-NNNNNN-N form.
export function establishmentNumber(v: Pick<CreationCodeForm, 'establishment_number_1' | 'establishment_number_2' | 'establishment_number_3'>): string {
  return [v.establishment_number_1, v.establishment_number_2, v.establishment_number_3].map((p) => toHalfWidth(p).trim()).join('-');
}

export function phoneNumber(v: Pick<CreationCodeForm, 'phone_1' | 'phone_2' | 'phone_3'>): string {
  return [v.phone_1, v.phone_2, v.phone_3].map((p) => toHalfWidth(p).trim()).join('-');
}

// safeNext keeps a return path only when it is a path of this site (no scheme, no
// host, no protocol-relative //), so a crafted link cannot send the user elsewhere
// after signing in.
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) {
    return '/home';
  }
  return next;
}

// ACC-4: the former login account, then the key of 「アカウント再登録通知」.
export const restoreRequestForm = z.object({ email: loginId, password: currentPassword });
export type RestoreRequestForm = z.infer<typeof restoreRequestForm>;
export const restoreKeyForm = z.object({ email: loginId, auth_key: authKey });
export type RestoreKeyForm = z.infer<typeof restoreKeyForm>;

// ACC-2: an additional login account, e-mail and password each twice.
export const additionalAccountForm = z
  .object({
    email,
    email_confirmation: z.string().min(1, { error: 'メールアドレス(確認用)を入力してください。' }),
    password: newPassword,
    password_confirmation: z.string().min(1, { error: 'パスワード(確認用)を入力してください。' }),
  })
  .superRefine((v, ctx) => {
    confirmEmail(v, ctx);
    confirmPassword(v, ctx);
  });
export type AdditionalAccountForm = z.infer<typeof additionalAccountForm>;

// ACC-1: ログインアカウント編集. The current password always; a new e-mail (twice) and/or
// a new password (twice, PW-1); at least one of them.
export const loginAccountForm = z
  .object({
    current_password: currentPassword,
    new_email: z.string().max(100, { error: 'メールアドレスは100文字以内で入力してください。' }),
    new_email_confirmation: z.string(),
    new_password: z.string(),
    new_password_confirmation: z.string(),
  })
  .superRefine((v, ctx) => {
    if (!v.new_email && !v.new_password) {
      ctx.addIssue({ code: 'custom', path: ['new_email'], message: '変更するメールアドレスまたはパスワードを入力してください。' });
      return;
    }
    if (v.new_email || v.new_email_confirmation) {
      const r = email.safeParse(v.new_email);
      if (!r.success) ctx.addIssue({ code: 'custom', path: ['new_email'], message: r.error.issues[0]?.message ?? 'メールアドレスの形式が正しくありません。' });
      else if (!v.new_email_confirmation) ctx.addIssue({ code: 'custom', path: ['new_email_confirmation'], message: 'メールアドレス(確認用)を入力してください。' });
      else if (v.new_email !== v.new_email_confirmation) ctx.addIssue({ code: 'custom', path: ['new_email_confirmation'], message: 'メールアドレス(確認用)が一致しません。' });
    }
    if (v.new_password || v.new_password_confirmation) {
      const r = newPassword.safeParse(v.new_password);
      if (!r.success) ctx.addIssue({ code: 'custom', path: ['new_password'], message: r.error.issues[0]?.message ?? 'パスワードの形式が正しくありません。' });
      else if (!v.new_password_confirmation) ctx.addIssue({ code: 'custom', path: ['new_password_confirmation'], message: 'パスワード(確認用)を入力してください。' });
      else if (v.new_password !== v.new_password_confirmation) ctx.addIssue({ code: 'custom', path: ['new_password_confirmation'], message: 'パスワード(確認用)が一致しません。' });
    }
  });
export type LoginAccountForm = z.infer<typeof loginAccountForm>;

// ACC-1: the key mailed to the new e-mail.
export const loginEmailKeyForm = z.object({ auth_key: authKey });
export type LoginEmailKeyForm = z.infer<typeof loginEmailKeyForm>;

// ACC-3: マイページ退会 asks for the current password again.
export const withdrawForm = z.object({ current_password: currentPassword });
export type WithdrawForm = z.infer<typeof withdrawForm>;

// EST-1: the fields of 事業所情報 a change application edits (lengths as the
// employer-registration API's protovalidate rules).
export const establishmentChangeForm = z.object({
  name: z.string().min(1, { error: '事業所名を入力してください。' }).max(200, { error: '事業所名は200文字以内で入力してください。' }),
  name_kana: z.string().max(200, { error: '事業所名(カナ)は200文字以内で入力してください。' }),
  postal_code: z.string().max(20, { error: '郵便番号は20文字以内で入力してください。' }),
  address: z.string().min(1, { error: '所在地を入力してください。' }).max(300, { error: '所在地は300文字以内で入力してください。' }),
  phone_number: z
    .string()
    .min(1, { error: '電話番号を入力してください。' })
    .max(30, { error: '電話番号は30文字以内で入力してください。' })
    .regex(/^[0-9-]+$/, { error: '電話番号は半角数字とハイフンで入力してください。' }),
  business_description: z.string().max(1000, { error: '事業内容は1000文字以内で入力してください。' }),
  pr_text: z.string().max(1000, { error: 'PR事項は1000文字以内で入力してください。' }),
});
export type EstablishmentChangeForm = z.infer<typeof establishmentChangeForm>;

// IMG-1: at most 10 images of at most 2 MB, JPEG, GIF, PNG or BMP.
export const maxImages = 10;
export const maxImageBytes = 2 * 1024 * 1024;
export const imageTypes = ['image/jpeg', 'image/gif', 'image/png', 'image/bmp'] as const;

// imageProblem is the reason a chosen file cannot be uploaded, or '' (IMG-1).
export function imageProblem(file: { size: number; type: string }, count: number): string {
  if (count >= maxImages) return `画像は${maxImages}ファイルまで登録できます。不要な画像を削除してから登録してください。`;
  if (!(imageTypes as readonly string[]).includes(file.type)) return '登録できる画像の形式はJPEG、GIF、PNG、BMPです。';
  if (file.size > maxImageBytes) return '画像のサイズは1ファイルにつき2MBまでです。';
  return '';
}
