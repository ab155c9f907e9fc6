import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { applyServerError, ErrorSummary, Notice, summaryItems, TextField } from '../components/Form';
import { Button, ButtonRow } from '../components/Button';
import { formatDateTime } from '../lib/dates';
import { passwordWithKeyForm, type PasswordWithKeyForm } from '../lib/validation';

const order = ['email', 'password', 'password_confirmation', 'auth_key'] as const;

// PasswordWithKeyForm is the form of every パスワード登録 / パスワード再登録 screen: the new
// password twice and the 認証キー of the mail (AUTHKEY-1: within 50 minutes).
export function PasswordWithKey({
  email,
  expireTime,
  mailName,
  passwordLabel,
  onSubmit,
  intro,
}: {
  email: string;
  expireTime?: string | undefined;
  mailName: string;
  passwordLabel: string;
  onSubmit: (v: PasswordWithKeyForm) => Promise<void>;
  intro?: ReactNode;
}) {
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PasswordWithKeyForm>({
    resolver: zodResolver(passwordWithKeyForm),
    defaultValues: { email, password: '', password_confirmation: '', auth_key: '' },
    shouldFocusError: false,
  });
  const submit = async (v: PasswordWithKeyForm) => {
    setTop(undefined);
    try {
      await onSubmit(v);
    } catch (e) {
      setTop(applyServerError(e, setError, order));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <>
      {intro}
      <Notice title="認証キーの有効期限">
        <p>
          認証キーは「{mailName}」メールの配信から50分間有効です。
          {expireTime && <>({formatDateTime(expireTime)}まで)</>}
          有効期限を過ぎた場合は、はじめから手続きをやり直してください。
        </p>
        <p>
          しばらく経ってもメールが届かない場合は、メール受信制限の設定内容と入力したメールアドレスが正しいかをご確認ください。メール受信制限をされている方は、system@mail.hellowork.mhlw.go.jpからのメール受信を許可し、はじめからやり直してください。
        </p>
      </Notice>
      <ErrorSummary message={top} items={summaryItems(errors, order)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(submit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="email"
          label="メールアドレス"
          type="email"
          autoComplete="username"
          inputMode="email"
          registration={register('email')}
          error={errors.email?.message}
        />
        <TextField
          id="password"
          label={`${passwordLabel}(半角数字、英字、記号のすべてを含む8文字以上32文字以内)`}
          type="password"
          autoComplete="new-password"
          registration={register('password')}
          error={errors.password?.message}
        />
        <TextField
          id="password_confirmation"
          label={`${passwordLabel}(確認用)`}
          type="password"
          autoComplete="new-password"
          registration={register('password_confirmation')}
          error={errors.password_confirmation?.message}
        />
        <TextField
          id="auth_key"
          label="認証キー"
          autoComplete="off"
          width="w-full sm:w-80"
          registration={register('auth_key')}
          error={errors.auth_key?.message}
          hint={`「${mailName}」メールに記載された認証キー`}
        />
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            完了
          </Button>
        </ButtonRow>
      </form>
    </>
  );
}
