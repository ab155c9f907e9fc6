import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { applyServerError, ErrorSummary, Notice, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { clearFlow, markSignedIn, setFlow } from '../lib/flow';
import { safeNext, signInForm, type SignInForm } from '../lib/validation';

const order = ['email', 'password'] as const;

// LoginPage is ログイン (GEAB040010): the password step of LOGIN-1. A wrong ID, a wrong
// password and a locked account get the same answer, whose text tells about the lock.
export function LoginPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const notice =
    (location.state as { notice?: string } | null)?.notice ??
    (params.get('expired') ? 'ログインの有効期限が切れました。もう一度ログインしてください。' : undefined);
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SignInForm>({ resolver: zodResolver(signInForm), defaultValues: { email: '', password: '' }, shouldFocusError: false });

  const onSubmit = async (v: SignInForm) => {
    setTop(undefined);
    try {
      const res = await call(api.POST('/v1/identity/sessions:signIn', { body: { email: v.email, password: v.password } }));
      if (res.one_time_password_required && res.login_attempt_id) {
        setFlow('signIn', { attemptId: res.login_attempt_id, email: v.email, expireTime: res.one_time_password_expire_time, next });
        navigate('/login/otp');
        return;
      }
      clearFlow('signIn');
      markSignedIn(true);
      navigate(next, { replace: true });
    } catch (e) {
      setTop(applyServerError(e, setError, order));
      setFocusKey((k) => k + 1);
    }
  };

  return (
    <Page title="求人者マイページにログイン">
      {notice && <Notice tone="warning">{notice}</Notice>}
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
        />
        <TextField
          id="password"
          label="パスワード"
          type="password"
          autoComplete="current-password"
          registration={register('password')}
          error={errors.password?.message}
          hint="パスワードを続けて5回間違えると、約30分間ログインできなくなります。"
        />
        <ButtonRow>
          <Button type="submit" id="loginBtn" disabled={isSubmitting}>
            ログイン
          </Button>
        </ButtonRow>
      </form>
      <ul className="text-std-16N-175 mt-8 space-y-2">
        <li>
          <Link to="/password-reset">パスワードをお忘れの方</Link>
        </li>
        <li>
          過去30日以内にマイページを退会した方：<Link to="/restore">アカウントを再登録</Link>
        </li>
      </ul>
      <section aria-labelledby="first-time" className="mt-10 border-t border-solid-gray-420 pt-6">
        <h2 id="first-time" className="text-std-20B-150 mb-3">
          はじめてご利用の方
        </h2>
        <ul className="text-std-16N-175 space-y-2">
          <li>
            <Link to="/registration">事業所登録・求人申込み(仮登録)</Link>
          </li>
          <li>
            <Link to="/open?with=email">求人者マイページ開設(パスワード登録)</Link>
          </li>
          <li>
            <Link to="/open?with=code">アカウント作成コードをハローワークで発行済みの求人者</Link>
          </li>
        </ul>
      </section>
    </Page>
  );
}
