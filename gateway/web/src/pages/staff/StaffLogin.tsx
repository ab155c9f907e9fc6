import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { api, call } from '../../api/client';
import { Button, ButtonRow } from '../../components/Button';
import { applyServerError, ErrorSummary, Notice, summaryItems, TextField } from '../../components/Form';
import { Page } from '../../components/Page';
import { ApiError } from '../../lib/apiError';
import { formatDateTime } from '../../lib/dates';
import { clearFlow, getFlow, markSignedIn, setFlow } from '../../lib/flow';
import { oneTimePassword, signInForm, type SignInForm } from '../../lib/validation';
import { staffNext } from '../../lib/staffValidation';

const order = ['email', 'password'] as const;

// StaffLoginPage is the staff sign-in (職員ログイン): the same two steps as the
// employers' (LOGIN-1, LOGIN-2) on the identity service, accepted only from the
// networks of the staff member's own office (OFFICE_NETWORKS; elsewhere the answer
// is the wrong-password one), and never without the one-time password.
export function StaffLoginPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const next = staffNext(params.get('next'));
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
        navigate('/staff/login/otp');
        return;
      }
      // Staff always get the one-time password; an employer on a visitor terminal does not.
      clearFlow('signIn');
      markSignedIn(true);
      navigate(next, { replace: true });
    } catch (e) {
      setTop(applyServerError(e, setError, order));
      setFocusKey((k) => k + 1);
    }
  };

  return (
    <Page title="職員ログイン">
      {notice && <Notice tone="warning">{notice}</Notice>}
      <Notice>
        <p>ハローワーク職員の方のログイン画面です。職員のログインは、所属する安定所の庁舎内ネットワークからのみ行えます。</p>
        <p>
          求人者の方は<Link to="/login">求人者マイページのログイン</Link>をご利用ください。
        </p>
      </Notice>
      <ErrorSummary message={top} items={summaryItems(errors, order)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="email"
          label="職員ID(メールアドレス)"
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
    </Page>
  );
}

const staffOtpForm = z.object({ one_time_password: oneTimePassword });
type StaffOtpForm = z.input<typeof staffOtpForm>;

// StaffOtpPage is the one-time password step of the staff sign-in. Staff never skip
// it (issue 9, M4), so there is no skip checkbox.
export function StaffOtpPage() {
  const navigate = useNavigate();
  const [flow, setFlowState] = useState(() => getFlow('signIn'));
  const [top, setTop] = useState<string>();
  const [info, setInfo] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<StaffOtpForm, unknown, z.output<typeof staffOtpForm>>({
    resolver: zodResolver(staffOtpForm),
    defaultValues: { one_time_password: '' },
    shouldFocusError: false,
  });
  if (!flow) {
    return (
      <Page title="ワンタイムパスワード入力">
        <Notice tone="warning">ログインの手続きが見つかりません。もう一度ログインしてください。</Notice>
        <Link to="/staff/login">職員ログインへ</Link>
      </Page>
    );
  }
  const ended = (e: unknown) => {
    if (e instanceof ApiError && e.reason === 'LOGIN_ATTEMPT_ENDED') {
      clearFlow('signIn');
      navigate(`/staff/login?next=${encodeURIComponent(flow.next)}`, { replace: true, state: { notice: e.localized } });
      return true;
    }
    return false;
  };
  const onSubmit = async (v: z.output<typeof staffOtpForm>) => {
    setTop(undefined);
    setInfo(undefined);
    try {
      await call(
        api.POST('/v1/identity/sessions:verifyOneTimePassword', {
          body: {
            login_attempt_id: flow.attemptId,
            one_time_password: v.one_time_password,
            remember_device: false,
            user_agent: navigator.userAgent.slice(0, 512),
          },
        }),
      );
      clearFlow('signIn');
      markSignedIn(true);
      navigate(flow.next, { replace: true });
    } catch (e) {
      if (ended(e)) return;
      setTop(applyServerError(e, setError, ['one_time_password']));
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
      if (ended(e)) return;
      setTop(applyServerError(e, setError, ['one_time_password']));
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
          <p>職員のアカウントでは、ワンタイムパスワードの入力を省略できません。</p>
        </>
      }
    >
      {info && (
        <Notice tone="success">
          <p role="status">{info}</p>
        </Notice>
      )}
      <ErrorSummary message={top} items={summaryItems(errors, ['one_time_password'])} focusKey={focusKey} />
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
        <Link to="/staff/login">職員ログインに戻る</Link>
      </p>
    </Page>
  );
}
