import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { applyServerError, ErrorSummary, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { clearFlow, getFlow, setFlow } from '../lib/flow';
import { resetRequestForm, type ResetRequestForm } from '../lib/validation';
import { DonePage } from './Done';
import { PasswordWithKey } from './PasswordWithKey';

const order = ['email'] as const;

// ResetRequestPage is パスワード再登録 (RESET-1), first screen: the login ID. The answer is
// the same whether or not the ID exists.
export function ResetRequestPage() {
  const navigate = useNavigate();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ResetRequestForm>({ resolver: zodResolver(resetRequestForm), defaultValues: { email: '' }, shouldFocusError: false });
  const onSubmit = async (v: ResetRequestForm) => {
    setTop(undefined);
    try {
      const res = await call(api.POST('/v1/identity/passwordResets:request', { body: { email: v.email } }));
      setFlow('reset', { email: v.email, expireTime: res.auth_key_expire_time });
      navigate('/password-reset/password');
    } catch (e) {
      setTop(applyServerError(e, setError, order));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <Page
      title="求人者マイページパスワード再登録"
      lead={
        <p>
          求人者マイページにログインするためのID(メールアドレス)を入力し、「次へ進む」ボタンをクリックしてください。入力したメールアドレス宛に「パスワード再登録申込受付通知」メールが届きます。
        </p>
      }
    >
      <ErrorSummary message={top} items={summaryItems(errors, order)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="email"
          label="ログインID(メールアドレス)"
          type="email"
          autoComplete="username"
          inputMode="email"
          registration={register('email')}
          error={errors.email?.message}
          hint="ログインID(メールアドレス)を忘れた場合は、インターネットでの手続きはできません。事業所所在地を管轄するハローワークまでご連絡ください。"
        />
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            次へ進む
          </Button>
        </ButtonRow>
      </form>
    </Page>
  );
}

// ResetPasswordPage is パスワード再登録画面: the new password and the key (RESET-1).
export function ResetPasswordPage() {
  const navigate = useNavigate();
  const flow = getFlow('reset');
  return (
    <Page title="パスワード再登録">
      <PasswordWithKey
        email={flow?.email ?? ''}
        expireTime={flow?.expireTime}
        mailName="パスワード再登録申込受付通知"
        passwordLabel="再登録するパスワード"
        intro={
          <p className="text-std-16N-175 mb-6">
            「再登録するパスワード」と「パスワード再登録申込受付通知」メールに記載された「認証キー」を入力し、「完了」ボタンをクリックしてください。
          </p>
        }
        onSubmit={async (v) => {
          await call(api.POST('/v1/identity/passwordResets:complete', { body: v }));
          clearFlow('reset');
          navigate('/password-reset/done', { replace: true });
        }}
      />
    </Page>
  );
}

export function ResetDonePage() {
  return (
    <DonePage title="パスワード再登録完了">
      <p>パスワードの再登録が完了しました。</p>
      <p>
        ワンタイムパスワード入力を省略する設定は、すべての端末・ブラウザで解除されました。次回のログインからワンタイムパスワードの入力が再開されます。
      </p>
    </DonePage>
  );
}
