import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useNavigate } from 'react-router';
import { z } from 'zod';
import { api, call } from '../api/client';
import { ApiError } from '../lib/apiError';
import { formatDateTime } from '../lib/dates';
import { clearFlow, getFlow, markSignedIn, pendingOtp, setFlow, type SignInFlow } from '../lib/flow';
import { otpForm, signInForm, type OtpForm, type SignInForm } from '../lib/validation';
import { Button, ButtonRow } from './Button';
import { applyServerError, Checkbox, ErrorSummary, Notice, summaryItems, TextField } from './Form';
import { Page } from './Page';

// The two steps of a sign-in on the identity service (LOGIN-1 password, LOGIN-2
// one-time password), shared by the employers' screens (pages/Login.tsx, Otp.tsx) and
// the staff's (pages/staff/StaffLogin.tsx), which differ only in their texts, their
// paths and the employers' OTP skip (LOGIN-3; staff never skip, issue 9 M4).

const passwordOrder = ['email', 'password'] as const;
const otpOrder = ['one_time_password', 'remember_device'] as const;

// PasswordStep is the ID and password screen. The answer either asks for the
// one-time password (the attempt kept in the tab's sessionStorage, then otpPath) or,
// on a device that skips it, signs in and returns to next.
export function PasswordStep({
  title,
  idLabel,
  next,
  otpPath,
  intro,
  children,
}: {
  title: string;
  idLabel: string;
  next: string;
  otpPath: string;
  intro?: ReactNode;
  children?: ReactNode;
}) {
  const location = useLocation();
  const navigate = useNavigate();
  const expired = new URLSearchParams(location.search).get('expired');
  const notice =
    (location.state as { notice?: string } | null)?.notice ?? (expired ? 'ログインの有効期限が切れました。もう一度ログインしてください。' : undefined);
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
        navigate(otpPath);
        return;
      }
      // A trusted device (LOGIN-3) or a visitor terminal (LOGIN-4) signs in at once.
      clearFlow('signIn');
      markSignedIn(true);
      navigate(next, { replace: true });
    } catch (e) {
      setTop(applyServerError(e, setError, passwordOrder));
      setFocusKey((k) => k + 1);
    }
  };

  return (
    <Page title={title}>
      {notice && <Notice tone="warning">{notice}</Notice>}
      {intro}
      <ErrorSummary message={top} items={summaryItems(errors, passwordOrder)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="email"
          label={idLabel}
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
      {children}
    </Page>
  );
}

// verify sends the one-time password; the gateway turns the answer into the session
// cookie (and the trusted-device cookie when remember is set, LOGIN-3).
export async function verify(flow: SignInFlow, otp: string, remember: boolean) {
  await call(
    api.POST('/v1/identity/sessions:verifyOneTimePassword', {
      body: {
        login_attempt_id: flow.attemptId,
        one_time_password: otp,
        remember_device: remember,
        user_agent: navigator.userAgent.slice(0, 512),
      },
    }),
  );
  clearFlow('signIn');
  markSignedIn(true);
}

// NoAttempt is the OTP screen opened without a sign-in in progress in this tab.
export function NoAttempt({ loginPath, linkText }: { loginPath: string; linkText: string }) {
  return (
    <Page title="ワンタイムパスワード入力">
      <Notice tone="warning">ログインの手続きが見つかりません。もう一度ログインしてください。</Notice>
      <Link to={loginPath}>{linkText}</Link>
    </Page>
  );
}

// useAttemptEnded sends the user back to the password step (LOGIN-2: expired, used,
// or too many wrong one-time passwords) with the service's message.
export function useAttemptEnded(loginPath: string) {
  const navigate = useNavigate();
  return (e: unknown, next: string) => {
    if (e instanceof ApiError && e.reason === 'LOGIN_ATTEMPT_ENDED') {
      clearFlow('signIn');
      navigate(`${loginPath}?next=${encodeURIComponent(next)}`, { replace: true, state: { notice: e.localized } });
      return true;
    }
    return false;
  };
}

// OtpStep is ワンタイムパスワード入力 (LOGIN-2): the OTP mailed for the attempt of the
// password step, a resend, and the wrong-OTP message with the attempts left. With skip
// (employers only) it shows the LOGIN-3 checkbox, whose choice is confirmed on
// skip.confirmPath before the OTP is sent.
export function OtpStep({
  loginPath,
  noAttemptText,
  backText,
  lead,
  skip,
}: {
  loginPath: string;
  noAttemptText: string;
  backText: string;
  lead?: ReactNode;
  skip?: { label: string; confirmPath: string };
}) {
  const navigate = useNavigate();
  const [flow, setFlowState] = useState(() => getFlow('signIn'));
  const [top, setTop] = useState<string>();
  const [info, setInfo] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const attemptEnded = useAttemptEnded(loginPath);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<OtpForm, unknown, z.output<typeof otpForm>>({
    resolver: zodResolver(otpForm),
    defaultValues: { one_time_password: (skip && pendingOtp.otp) || '', remember_device: false },
    shouldFocusError: false,
  });
  if (!flow) return <NoAttempt loginPath={loginPath} linkText={noAttemptText} />;

  const onSubmit = async (v: z.output<typeof otpForm>) => {
    setTop(undefined);
    setInfo(undefined);
    if (skip && v.remember_device) {
      pendingOtp.attemptId = flow.attemptId;
      pendingOtp.otp = v.one_time_password;
      navigate(skip.confirmPath);
      return;
    }
    try {
      await verify(flow, v.one_time_password, false);
      navigate(flow.next, { replace: true });
    } catch (e) {
      if (attemptEnded(e, flow.next)) return;
      setTop(applyServerError(e, setError, otpOrder));
      if (e instanceof ApiError && e.reason === 'ONE_TIME_PASSWORD_INVALID') {
        const left = e.metadata.remaining_attempts;
        setError('one_time_password', {
          type: 'server',
          message: left ? `ワンタイムパスワードが正しくありません。あと${left}回間違えると、もう一度ログインが必要になります。` : e.localized,
        });
      }
      setFocusKey((k) => k + 1);
    }
  };

  const resend = async () => {
    setTop(undefined);
    setInfo(undefined);
    try {
      const res = await call(api.POST('/v1/identity/sessions:resendOneTimePassword', { body: { login_attempt_id: flow.attemptId } }));
      const updated = { ...flow, expireTime: res.one_time_password_expire_time };
      setFlow('signIn', updated);
      setFlowState(updated);
      setInfo('ワンタイムパスワードを再送信しました。新しい「ワンタイムパスワード通知」メールをご確認ください。');
    } catch (e) {
      if (attemptEnded(e, flow.next)) return;
      setTop(applyServerError(e, setError, otpOrder));
      setFocusKey((k) => k + 1);
    }
  };

  return (
    <Page
      title="ワンタイムパスワード入力"
      lead={
        <>
          <p>
            {flow.email} 宛に「ワンタイムパスワード通知」メールを送信しました。メールに記載されたワンタイムパスワードを入力し、「送信」ボタンをクリックしてください。
          </p>
          {flow.expireTime && <p>有効期限：{formatDateTime(flow.expireTime)}(メール配信から30分以内)</p>}
          {lead}
        </>
      }
    >
      {info && (
        <Notice tone="success">
          <p role="status">{info}</p>
        </Notice>
      )}
      <ErrorSummary message={top} items={summaryItems(errors, otpOrder)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="one_time_password"
          label="ワンタイムパスワード"
          autoComplete="one-time-code"
          inputMode="numeric"
          width="w-48"
          registration={register('one_time_password')}
          error={errors.one_time_password?.message}
          hint="半角数字6桁"
        />
        {skip && <Checkbox id="remember_device" label={skip.label} registration={register('remember_device')} error={errors.remember_device?.message} />}
        <ButtonRow>
          <Button type="submit" id="sendBtn" disabled={isSubmitting}>
            送信
          </Button>
          <Button variant="secondary" onClick={resend} disabled={isSubmitting}>
            ワンタイムパスワードを再送信
          </Button>
        </ButtonRow>
      </form>
      <p className="text-std-16N-175 mt-8">
        <Link to={loginPath}>{backText}</Link>
      </p>
    </Page>
  );
}
