import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, Navigate, useNavigate } from 'react-router';
import { api, call, type Account } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { ErrorSummary, Notice, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { ApiError } from '../lib/apiError';
import { formatDateTime } from '../lib/dates';
import { pendingAccount } from '../lib/flow';
import { useSessionGuard } from '../lib/session';
import { additionalAccountForm, type AdditionalAccountForm } from '../lib/validation';

export const maxAdditionalAccounts = 10;

// AdditionalAccounts is 追加アカウント一覧 on 各種設定 (ACC-2), shown to the primary
// account only: up to 10 additional accounts, each deletable after a warning that its
// messages are deleted with it.
export function AdditionalAccounts({ accounts, onChanged }: { accounts: Account[]; onChanged: (notice: string) => void }) {
  const guard = useSessionGuard();
  const [confirming, setConfirming] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const additional = accounts.filter((a) => a.role === 'ACCOUNT_ROLE_ADDITIONAL');
  const remove = async (a: Account) => {
    if (!a.account_id) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(api.DELETE('/v1/identity/accounts/{account_id}', { params: { path: { account_id: a.account_id } } }));
      setConfirming(undefined);
      onChanged(`追加アカウント ${a.email ?? ''} を削除しました。`);
    } catch (e) {
      if (!guard(e)) setError(e instanceof ApiError ? e.localized : 'システムエラーが発生しました。');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="additional" className="mb-10">
      <h2 id="additional" className="text-std-20B-150 mb-2">
        追加アカウント一覧
      </h2>
      <p className="text-std-16N-175 mb-4">
        ログインアカウント(メールアドレス、パスワード)を{maxAdditionalAccounts}
        個まで追加できます。追加したアカウントでは、ログインアカウントの変更・追加・削除とマイページの退会はできません。
      </p>
      {error && (
        <Notice tone="warning">
          <p role="alert">{error}</p>
        </Notice>
      )}
      {additional.length === 0 ? (
        <p className="text-std-16N-175 mb-4 rounded-8 bg-solid-gray-50 p-4">追加アカウントはありません。</p>
      ) : (
        <ul className="mb-4 space-y-3">
          {additional.map((a) => (
            <li key={a.account_id} className="rounded-8 border border-solid-gray-420 p-4">
              <p className="text-std-16B-175 break-all">{a.email}</p>
              {a.create_time && <p className="text-std-16N-175 text-solid-gray-700">追加日時：{formatDateTime(a.create_time)}</p>}
              {confirming === a.account_id ? (
                <div role="group" aria-label="削除の確認" className="mt-3 rounded-8 bg-yellow-50 p-4">
                  <p className="text-std-16N-175 mb-3">
                    このアカウントを削除すると、このアカウントでやりとりしたメッセージが自動消去されます。削除しますか。
                  </p>
                  <div className="flex flex-col gap-3 sm:flex-row">
                    <Button onClick={() => remove(a)} disabled={busy}>
                      削除する
                    </Button>
                    <Button variant="secondary" onClick={() => setConfirming(undefined)} disabled={busy}>
                      キャンセル
                    </Button>
                  </div>
                </div>
              ) : (
                <Button variant="secondary" className="mt-3" onClick={() => setConfirming(a.account_id)} aria-label={`${a.email ?? ''} を削除`}>
                  削除
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {additional.length < maxAdditionalAccounts ? (
        <Link
          to="/settings/accounts/new"
          className="text-std-16B-175 inline-flex min-h-12 items-center rounded-8 border border-blue-900 bg-white px-4 text-blue-900 no-underline hover:bg-blue-200 hover:underline"
        >
          アカウントを追加
        </Link>
      ) : (
        <p className="text-std-16N-175">追加アカウントは最大{maxAdditionalAccounts}個までです。</p>
      )}
    </section>
  );
}

const order = ['email', 'email_confirmation', 'password', 'password_confirmation'] as const;

// AddAccountPage is ログインアカウント追加登録; its 次へ進む leads to the confirmation.
export function AddAccountPage() {
  const navigate = useNavigate();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<AdditionalAccountForm>({
    resolver: zodResolver(additionalAccountForm),
    defaultValues: pendingAccount.value ?? { email: '', email_confirmation: '', password: '', password_confirmation: '' },
    shouldFocusError: false,
  });
  const onSubmit = (v: AdditionalAccountForm) => {
    pendingAccount.value = v;
    navigate('/settings/accounts/new/confirm');
  };
  return (
    <Page title="ログインアカウント追加登録" lead={<p>追加するメールアドレス、パスワードを入力し、「次へ進む」ボタンをクリックしてください。</p>}>
      <ErrorSummary message={pendingAccount.error} items={summaryItems(errors, order)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))}>
        <TextField id="email" label="メールアドレス" hint="半角英数字記号100文字以内" type="email" autoComplete="off" inputMode="email" registration={register('email')} error={errors.email?.message} />
        <TextField id="email_confirmation" label="メールアドレス(確認用)" type="email" autoComplete="off" inputMode="email" registration={register('email_confirmation')} error={errors.email_confirmation?.message} />
        <TextField
          id="password"
          label="パスワード(半角数字、英字、記号のすべてを含む8文字以上32文字以内)"
          type="password"
          autoComplete="new-password"
          registration={register('password')}
          error={errors.password?.message}
        />
        <TextField id="password_confirmation" label="パスワード(確認用)" type="password" autoComplete="new-password" registration={register('password_confirmation')} error={errors.password_confirmation?.message} />
        <ButtonRow>
          <Button type="submit">次へ進む</Button>
          <Link to="/settings" className="text-std-16N-175" onClick={() => (pendingAccount.value = undefined)}>
            キャンセル
          </Link>
        </ButtonRow>
      </form>
    </Page>
  );
}

// AddAccountConfirmPage is ログインアカウント追加登録確認: 完了 adds the account.
export function AddAccountConfirmPage() {
  const navigate = useNavigate();
  const guard = useSessionGuard();
  const [busy, setBusy] = useState(false);
  // Read once: the value is cleared on success, and this screen must not react to that
  // while the navigation away from it is under way.
  const [v] = useState(() => pendingAccount.value);
  if (!v) return <Navigate to="/settings/accounts/new" replace />;
  const done = async () => {
    setBusy(true);
    pendingAccount.error = undefined;
    try {
      await call(api.POST('/v1/identity/accounts', { body: v }));
      pendingAccount.value = undefined;
      navigate('/settings', { replace: true, state: { notice: `追加アカウント ${v.email} を仮登録し、認証キーをメールでお送りしました。メールに記載の「パスワード登録」画面で認証キー(有効期限50分)とパスワードを入力すると、このアカウントでログインできるようになります。` } });
    } catch (e) {
      if (guard(e)) return;
      // Back to the form, which shows the server's answer and keeps what was typed.
      pendingAccount.error = e instanceof ApiError ? applyServerMessage(e) : 'システムエラーが発生しました。';
      navigate('/settings/accounts/new', { replace: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="ログインアカウント追加登録確認" lead={<p>以下の内容で登録します。よろしければ「完了」ボタンをクリックしてください。</p>}>
      <dl className="text-std-16N-175 mb-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-8 border border-solid-gray-420 p-4">
        <dt className="font-bold">メールアドレス</dt>
        <dd className="break-all">{v.email}</dd>
        <dt className="font-bold">パスワード</dt>
        <dd>(表示しません)</dd>
      </dl>
      <ButtonRow>
        <Button onClick={done} disabled={busy}>
          完了
        </Button>
        <Button variant="secondary" onClick={() => navigate('/settings/accounts/new')} disabled={busy}>
          戻る
        </Button>
      </ButtonRow>
    </Page>
  );
}

// applyServerMessage joins the server's message and its field messages for the form's summary.
function applyServerMessage(e: ApiError): string {
  return [e.localized, ...Object.values(e.fields)].join(' ');
}
