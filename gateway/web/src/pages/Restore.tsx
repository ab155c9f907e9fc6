import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { applyServerError, ErrorSummary, Notice, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { formatDateTime } from '../lib/dates';
import { clearFlow, getFlow, setFlow } from '../lib/flow';
import { restoreKeyForm, restoreRequestForm, type RestoreKeyForm, type RestoreRequestForm } from '../lib/validation';
import { DonePage } from './Done';

const requestOrder = ['email', 'password'] as const;

// RestoreRequestPage is アカウントを再登録 (ACC-4), reached from the login screen by
// 「過去30日以内にマイページを退会した方」: the former e-mail and password.
export function RestoreRequestPage() {
  const navigate = useNavigate();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<RestoreRequestForm>({ resolver: zodResolver(restoreRequestForm), defaultValues: { email: '', password: '' }, shouldFocusError: false });
  const onSubmit = async (v: RestoreRequestForm) => {
    setTop(undefined);
    try {
      const res = await call(api.POST('/v1/identity/restorations:request', { body: v }));
      setFlow('restore', { email: v.email, expireTime: res.auth_key_expire_time });
      navigate('/restore/key');
    } catch (e) {
      setTop(applyServerError(e, setError, requestOrder));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <Page
      title="アカウントを再登録"
      lead={
        <>
          <p>マイページ退会後30日以内であれば、利用していたアカウント(メールアドレスとパスワード)を入力することで、マイページの利用を再開できます。</p>
          <p>以前ログインアカウントとして利用していたメールアドレスとパスワードを入力し、「次へ進む」ボタンをクリックしてください。入力したアドレス宛に「アカウント再登録通知」メールが届きます。</p>
        </>
      }
    >
      <Notice tone="warning">
        <p>マイページ退会後31日以上経過している場合は、インターネット上から再開手続きはできません。事業所所在地を管轄するハローワークにご連絡のうえ、あらためてマイページ開設手続きを行ってください。</p>
      </Notice>
      <ErrorSummary message={top} items={summaryItems(errors, requestOrder)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField id="email" label="メールアドレス" type="email" autoComplete="username" inputMode="email" registration={register('email')} error={errors.email?.message} />
        <TextField id="password" label="パスワード" type="password" autoComplete="current-password" registration={register('password')} error={errors.password?.message} />
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            次へ進む
          </Button>
          <Link to="/login" className="text-std-16N-175">
            キャンセル
          </Link>
        </ButtonRow>
      </form>
    </Page>
  );
}

const keyOrder = ['email', 'auth_key'] as const;

// RestoreKeyPage takes the key of 「アカウント再登録通知」 and restores the account.
export function RestoreKeyPage() {
  const navigate = useNavigate();
  const flow = getFlow('restore');
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<RestoreKeyForm>({
    resolver: zodResolver(restoreKeyForm),
    defaultValues: { email: flow?.email ?? '', auth_key: '' },
    shouldFocusError: false,
  });
  const onSubmit = async (v: RestoreKeyForm) => {
    setTop(undefined);
    try {
      await call(api.POST('/v1/identity/restorations:complete', { body: v }));
      clearFlow('restore');
      navigate('/restore/done', { replace: true });
    } catch (e) {
      setTop(applyServerError(e, setError, keyOrder));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <Page title="アカウント再登録(認証キーの入力)" lead={<p>「アカウント再登録通知」メールに記載された認証キーを入力し、「完了」ボタンをクリックしてください。</p>}>
      <Notice title="認証キーの有効期限">
        <p>
          認証キーはメールの配信から50分間有効です。{flow?.expireTime && <>({formatDateTime(flow.expireTime)}まで)</>}
        </p>
      </Notice>
      <ErrorSummary message={top} items={summaryItems(errors, keyOrder)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField id="email" label="メールアドレス" type="email" autoComplete="username" inputMode="email" registration={register('email')} error={errors.email?.message} />
        <TextField id="auth_key" label="認証キー" autoComplete="off" width="w-full sm:w-80" registration={register('auth_key')} error={errors.auth_key?.message} />
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            完了
          </Button>
        </ButtonRow>
      </form>
    </Page>
  );
}

export function RestoreDonePage() {
  return (
    <DonePage title="アカウント再登録完了">
      <p>求人者マイページのアカウントを再登録しました。マイページの利用を再開できます。</p>
      <p>ワンタイムパスワード入力を省略する設定は、すべての端末・ブラウザで解除されています。次回のログインからワンタイムパスワードの入力が再開されます。</p>
    </DonePage>
  );
}
