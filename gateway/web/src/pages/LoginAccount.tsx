import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { api, call, type Account } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { applyServerError, ErrorSummary, Notice, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { ApiError } from '../lib/apiError';
import { formatDateTime, formatTime, formatWareki } from '../lib/dates';
import { clearFlow, getFlow, markSignedIn, pendingLoginChange, setFlow } from '../lib/flow';
import { useSessionGuard } from '../lib/session';
import {
  loginAccountForm,
  loginEmailKeyForm,
  withdrawForm,
  type LoginAccountForm,
  type LoginEmailKeyForm,
  type WithdrawForm,
} from '../lib/validation';

// The employer's own login account on 各種設定 (事業所情報・設定): ACC-1 ログインアカウント
// 編集 (current password → 確認 → 完了, a new e-mail confirmed with the key mailed to
// it) and ACC-3 マイページ退会 (確認 with the current password → the session ends).
// Both are the primary account's only (ACC-2); an additional account sees neither button.

// LoginAccountSection is the ログインアカウント and マイページ退会 parts of 各種設定.
export function LoginAccountSection({ me }: { me: Account }) {
  const primary = me.role === 'ACCOUNT_ROLE_PRIMARY';
  return (
    <>
      <section aria-labelledby="login-account" className="mb-10">
        <h2 id="login-account" className="text-std-20B-150 mb-2">
          ログインアカウント
        </h2>
        <dl className="text-std-16N-175 mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-8 border border-solid-gray-420 p-4">
          <dt className="font-bold">メールアドレス</dt>
          <dd className="break-all">{me.email}</dd>
          <dt className="font-bold">パスワード</dt>
          <dd>********</dd>
        </dl>
        {primary ? (
          <Link
            to="/settings/login-account"
            className="text-std-16B-175 inline-flex min-h-12 items-center rounded-8 border border-blue-900 bg-white px-4 text-blue-900 no-underline hover:bg-blue-200 hover:underline"
          >
            アカウントを編集
          </Link>
        ) : (
          me.role === 'ACCOUNT_ROLE_ADDITIONAL' && (
            <p className="text-std-16N-175">追加したアカウントは変更できません。変更したい場合は、マイページ開設時のアカウントで削除・追加してください。</p>
          )
        )}
      </section>
      {primary && (
        <section aria-labelledby="withdrawal" className="mb-10">
          <h2 id="withdrawal" className="text-std-20B-150 mb-2">
            マイページ退会
          </h2>
          <p className="text-std-16N-175 mb-4">
            マイページを退会すると、アカウント(メールアドレス・パスワード)やメッセージなどの情報も消去されます。選考結果が登録されていないオンライン自主応募がある場合は退会できません。
          </p>
          <Link
            to="/settings/withdraw"
            className="text-std-16B-175 inline-flex min-h-12 items-center rounded-8 border border-red-900 bg-white px-4 text-red-900 no-underline hover:bg-red-50 hover:underline"
          >
            マイページを退会
          </Link>
        </section>
      )}
    </>
  );
}

const order = ['current_password', 'new_email', 'new_email_confirmation', 'new_password', 'new_password_confirmation'] as const;
const empty = { current_password: '', new_email: '', new_email_confirmation: '', new_password: '', new_password_confirmation: '' };

// LoginAccountEditPage is ログインアカウント編集 (ACC-1).
export function LoginAccountEditPage() {
  const navigate = useNavigate();
  const [focusKey, setFocusKey] = useState(0);
  const back = pendingLoginChange.error;
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<LoginAccountForm>({
    resolver: zodResolver(loginAccountForm),
    // Back from the confirmation or a refusal: what was typed, but the current password again.
    defaultValues: pendingLoginChange.value ? { ...pendingLoginChange.value, current_password: '' } : empty,
    shouldFocusError: false,
  });
  useEffect(() => {
    if (!back) return;
    for (const [f, message] of Object.entries(back.fields)) {
      if ((order as readonly string[]).includes(f)) setError(f as (typeof order)[number], { type: 'server', message });
    }
    setFocusKey((k) => k + 1);
  }, [back, setError]);
  const onSubmit = (v: LoginAccountForm) => {
    pendingLoginChange.value = v;
    pendingLoginChange.error = undefined;
    navigate('/settings/login-account/confirm');
  };
  return (
    <Page
      title="ログインアカウント編集"
      lead={
        <>
          <p>アカウント(メールアドレス、パスワード)を変更するには現在のパスワードが必要です。まずは、現在のパスワードを入力してください。</p>
          <p>次に、変更を希望するメールアドレス、パスワードを入力し、「次へ進む」ボタンをクリックしてください。変更しない項目は空欄のままにしてください。</p>
        </>
      }
    >
      <Notice>
        <p>ログインアカウントの変更が完了すると、ワンタイムパスワード入力を省略する設定がすべての端末・ブラウザで解除され、次回のログインからワンタイムパスワードの入力が再開されます。</p>
      </Notice>
      <ErrorSummary message={back?.message} items={summaryItems(errors, order)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))}>
        <TextField id="current_password" label="現在のパスワード" type="password" autoComplete="current-password" registration={register('current_password')} error={errors.current_password?.message} />
        <TextField
          id="new_email"
          label="新しいメールアドレス"
          hint="半角英数字記号100文字以内。変更しない場合は空欄"
          required={false}
          type="email"
          autoComplete="email"
          inputMode="email"
          registration={register('new_email')}
          error={errors.new_email?.message}
        />
        <TextField
          id="new_email_confirmation"
          label="新しいメールアドレス(確認用)"
          required={false}
          type="email"
          autoComplete="off"
          inputMode="email"
          registration={register('new_email_confirmation')}
          error={errors.new_email_confirmation?.message}
        />
        <TextField
          id="new_password"
          label="新しいパスワード(半角数字、英字、記号のすべてを含む8文字以上32文字以内)"
          hint="変更しない場合は空欄"
          required={false}
          type="password"
          autoComplete="new-password"
          registration={register('new_password')}
          error={errors.new_password?.message}
        />
        <TextField
          id="new_password_confirmation"
          label="新しいパスワード(確認用)"
          required={false}
          type="password"
          autoComplete="new-password"
          registration={register('new_password_confirmation')}
          error={errors.new_password_confirmation?.message}
        />
        <ButtonRow>
          <Button type="submit">次へ進む</Button>
          <Link
            to="/settings"
            className="text-std-16N-175"
            onClick={() => {
              pendingLoginChange.value = undefined;
              pendingLoginChange.error = undefined;
            }}
          >
            キャンセル
          </Link>
        </ButtonRow>
      </form>
    </Page>
  );
}

// LoginAccountConfirmPage is ログインアカウント編集確認: 完了 changes the account.
export function LoginAccountConfirmPage() {
  const navigate = useNavigate();
  const guard = useSessionGuard();
  const [busy, setBusy] = useState(false);
  const [v] = useState(() => pendingLoginChange.value);
  if (!v) return <Navigate to="/settings/login-account" replace />;
  const done = async () => {
    setBusy(true);
    try {
      const res = await call(api.POST('/v1/identity/account:changeLoginAccount', { body: v }));
      pendingLoginChange.value = undefined;
      pendingLoginChange.error = undefined;
      if (res.email_change_pending) {
        setFlow('loginEmailChange', { email: v.new_email, expireTime: res.auth_key_expire_time });
        navigate('/settings/login-account/key', { replace: true, state: { passwordChanged: res.password_changed } });
        return;
      }
      navigate('/settings', { replace: true, state: { notice: 'パスワードを変更しました。ワンタイムパスワード入力の省略はすべての端末・ブラウザで解除されました。' } });
    } catch (e) {
      if (guard(e)) return;
      // Back to the form, which shows the server's answer on its fields and keeps what was typed.
      pendingLoginChange.error =
        e instanceof ApiError ? { message: e.localized, fields: e.fields } : { message: 'システムエラーが発生しました。', fields: {} };
      navigate('/settings/login-account', { replace: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="ログインアカウント編集確認" lead={<p>以下の内容で変更します。よろしければ「完了」ボタンをクリックしてください。</p>}>
      <dl className="text-std-16N-175 mb-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-8 border border-solid-gray-420 p-4">
        <dt className="font-bold">メールアドレス</dt>
        <dd className="break-all">{v.new_email ? `${v.new_email} に変更` : '変更しない'}</dd>
        <dt className="font-bold">パスワード</dt>
        <dd>{v.new_password ? '変更する(表示しません)' : '変更しない'}</dd>
      </dl>
      {v.new_email && (
        <Notice>
          <p>新しいメールアドレス宛に「ログインアカウント変更申込受付通知」メールで認証キーをお送りします。認証キーを入力すると、メールアドレスの変更が完了します。</p>
        </Notice>
      )}
      <ButtonRow>
        <Button onClick={done} disabled={busy}>
          完了
        </Button>
        <Button variant="secondary" onClick={() => navigate('/settings/login-account')} disabled={busy}>
          戻る
        </Button>
      </ButtonRow>
    </Page>
  );
}

// LoginEmailKeyPage takes the key mailed to the new address (ACC-1).
export function LoginEmailKeyPage() {
  const navigate = useNavigate();
  const guard = useSessionGuard();
  // Read once: the flow is cleared on success, and this screen must not react to that
  // while the navigation away from it is under way.
  const [flow] = useState(() => getFlow('loginEmailChange'));
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<LoginEmailKeyForm>({ resolver: zodResolver(loginEmailKeyForm), defaultValues: { auth_key: '' }, shouldFocusError: false });
  if (!flow) return <Navigate to="/settings" replace />;
  const onSubmit = async (v: LoginEmailKeyForm) => {
    setTop(undefined);
    try {
      const res = await call(api.POST('/v1/identity/account:confirmLoginEmailChange', { body: v }));
      clearFlow('loginEmailChange');
      navigate('/settings', {
        replace: true,
        state: { notice: `ログインアカウントのメールアドレスを ${res.account?.email ?? flow.email} に変更しました。ワンタイムパスワード入力の省略はすべての端末・ブラウザで解除されました。` },
      });
    } catch (e) {
      if (guard(e)) return;
      setTop(applyServerError(e, setError, ['auth_key']));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <Page
      title="認証キーの入力(ログインアカウント変更)"
      lead={
        <p>
          {flow.email} 宛に「ログインアカウント変更申込受付通知」メールをお送りしました。メールに記載された認証キーを入力し、「完了」ボタンをクリックしてください。
          {flow.expireTime ? `(有効期限:${formatDateTime(flow.expireTime)})` : '(メール配信から50分以内)'}
        </p>
      }
    >
      <ErrorSummary message={top} items={summaryItems(errors, ['auth_key'] as const)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField id="auth_key" label="認証キー" autoComplete="one-time-code" inputMode="numeric" registration={register('auth_key')} error={errors.auth_key?.message} width="w-64" />
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            完了
          </Button>
          <Link to="/settings" className="text-std-16N-175" onClick={() => clearFlow('loginEmailChange')}>
            キャンセル
          </Link>
        </ButtonRow>
      </form>
    </Page>
  );
}

// WithdrawPage is マイページ退会確認 (ACC-3): the current password, then 完了. Refused
// while an online self-application has no selection result; afterwards the session
// has ended and the account can be restored for 30 days (ACC-4).
export function WithdrawPage() {
  const navigate = useNavigate();
  const guard = useSessionGuard();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<WithdrawForm>({ resolver: zodResolver(withdrawForm), defaultValues: { current_password: '' }, shouldFocusError: false });
  const onSubmit = async (v: WithdrawForm) => {
    setTop(undefined);
    try {
      const res = await call(api.POST('/v1/identity/account:withdraw', { body: v }));
      markSignedIn(false);
      navigate('/withdrawn', { replace: true, state: { until: res.restorable_until } });
    } catch (e) {
      if (guard(e)) return;
      setTop(applyServerError(e, setError, ['current_password']));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <Page
      title="マイページ退会確認"
      lead={
        <>
          <p>マイページを退会すると、アカウント(メールアドレス・パスワード)やメッセージなどの情報も消去されます。</p>
          <p>退会する場合は、現在のパスワードを入力し、「完了」ボタンをクリックしてください。</p>
        </>
      }
    >
      <Notice tone="warning">
        <p>選考結果が登録されていないオンライン自主応募がある場合は、求人者マイページを退会することはできません。</p>
        <p>マイページ退会後30日以内であれば、ログイン画面の「過去30日以内にマイページを退会した方」から、利用を再開できます。</p>
      </Notice>
      <ErrorSummary message={top} items={summaryItems(errors, ['current_password'] as const)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField id="current_password" label="現在のパスワード" type="password" autoComplete="current-password" registration={register('current_password')} error={errors.current_password?.message} />
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            完了
          </Button>
          <Link to="/settings" className="text-std-16N-175">
            キャンセル
          </Link>
        </ButtonRow>
      </form>
    </Page>
  );
}

// WithdrawnPage is マイページ退会完了: the session has ended.
export function WithdrawnPage() {
  const until = (useLocation().state as { until?: string } | null)?.until;
  return (
    <Page title="マイページ退会完了">
      <Notice tone="success">
        <p role="status">求人者マイページを退会しました。ご利用ありがとうございました。</p>
      </Notice>
      <p className="text-std-16N-175 mb-6">
        {until ? `${formatWareki(until)} ${formatTime(until)}まで` : '退会後30日以内'}
        であれば、ログイン画面の「過去30日以内にマイページを退会した方」から、利用していたアカウントでマイページの利用を再開できます。
      </p>
      <Link to="/login" className="text-std-16B-175">
        ログイン画面へ
      </Link>
    </Page>
  );
}
