import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { applyServerError, Checkbox, ErrorSummary, Notice, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { ApiError } from '../lib/apiError';
import { formatDateTime } from '../lib/dates';
import { clearFlow, getFlow, markSignedIn, pendingOtp, setFlow, type SignInFlow } from '../lib/flow';
import { otpForm, type OtpForm } from '../lib/validation';
import { z } from 'zod';

const order = ['one_time_password', 'remember_device'] as const;
export const skipLabel = '次回以降、同じ端末・ブラウザでログインする際にワンタイムパスワードを省略する';

// verify sends the one-time password; the gateway turns the answer into the session
// cookie (and the trusted-device cookie when remember is set, LOGIN-3).
async function verify(flow: SignInFlow, otp: string, remember: boolean) {
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

function NoAttempt() {
  return (
    <Page title="ワンタイムパスワード入力">
      <Notice tone="warning">ログインの手続きが見つかりません。もう一度ログインしてください。</Notice>
      <Link to="/login">ログイン画面へ</Link>
    </Page>
  );
}

// attemptEnded sends the user back to the password step (LOGIN-2: expired, used, or
// too many wrong one-time passwords).
function useAttemptEnded() {
  const navigate = useNavigate();
  return (e: unknown, next: string) => {
    if (e instanceof ApiError && e.reason === 'LOGIN_ATTEMPT_ENDED') {
      clearFlow('signIn');
      navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true, state: { notice: e.localized } });
      return true;
    }
    return false;
  };
}

// OtpPage is ワンタイムパスワード入力 (LOGIN-2), with the skip checkbox of LOGIN-3 whose
// choice is confirmed on the next screen.
export function OtpPage() {
  const navigate = useNavigate();
  const [flow, setFlowState] = useState(() => getFlow('signIn'));
  const [top, setTop] = useState<string>();
  const [info, setInfo] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const attemptEnded = useAttemptEnded();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<OtpForm, unknown, z.output<typeof otpForm>>({
    resolver: zodResolver(otpForm),
    defaultValues: { one_time_password: pendingOtp.otp ?? '', remember_device: false },
    shouldFocusError: false,
  });
  if (!flow) return <NoAttempt />;

  const onSubmit = async (v: z.output<typeof otpForm>) => {
    setTop(undefined);
    setInfo(undefined);
    if (v.remember_device) {
      pendingOtp.attemptId = flow.attemptId;
      pendingOtp.otp = v.one_time_password;
      navigate('/login/otp/confirm');
      return;
    }
    try {
      await verify(flow, v.one_time_password, false);
      navigate(flow.next, { replace: true });
    } catch (e) {
      if (attemptEnded(e, flow.next)) return;
      setTop(applyServerError(e, setError, order));
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
      setTop(applyServerError(e, setError, order));
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
        </>
      }
    >
      {info && (
        <Notice tone="success">
          <p role="status">{info}</p>
        </Notice>
      )}
      <ErrorSummary message={top} items={summaryItems(errors, order)} focusKey={focusKey} />
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
        <Checkbox id="remember_device" label={skipLabel} registration={register('remember_device')} error={errors.remember_device?.message} />
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
        <Link to="/login">ログイン画面に戻る</Link>
      </p>
    </Page>
  );
}

// OtpSkipConfirmPage confirms the skip (LOGIN-3) before the one-time password is sent.
export function OtpSkipConfirmPage() {
  const navigate = useNavigate();
  const [flow] = useState(() => getFlow('signIn'));
  const [pending] = useState(() => ({ ...pendingOtp }));
  const [top, setTop] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [focusKey, setFocusKey] = useState(0);
  const attemptEnded = useAttemptEnded();
  if (!flow || pending.attemptId !== flow.attemptId || !pending.otp) {
    if (flow) return <RedirectToOtp />;
    return <NoAttempt />;
  }
  const otp = pending.otp;
  const ok = async () => {
    setBusy(true);
    setTop(undefined);
    try {
      await verify(flow, otp, true);
      pendingOtp.otp = undefined;
      navigate(flow.next, { replace: true });
    } catch (e) {
      if (attemptEnded(e, flow.next)) return;
      if (e instanceof ApiError && e.reason === 'ONE_TIME_PASSWORD_INVALID') {
        pendingOtp.otp = undefined;
        navigate('/login/otp', { replace: true });
        return;
      }
      setTop(e instanceof ApiError ? e.localized : 'システムエラーが発生しました。');
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="ワンタイムパスワード入力省略の確認">
      <ErrorSummary message={top} items={[]} focusKey={focusKey} />
      <Notice title="この端末・ブラウザでのワンタイムパスワード入力を省略します">
        <p>
          「OK」ボタンをクリックすると、次回以降、この端末・ブラウザでログインする際にワンタイムパスワードの入力を省略します。設定は90日間有効です。
        </p>
        <p>共用のパソコンなど、他の人も使う端末・ブラウザでは設定しないでください。</p>
        <p>パスワードの再登録やログインアカウントの変更を行うと、すべての端末・ブラウザで省略の設定が解除されます。</p>
      </Notice>
      <ButtonRow>
        <Button id="okBtn" onClick={ok} disabled={busy}>
          OK
        </Button>
        <Button variant="secondary" onClick={() => navigate('/login/otp')} disabled={busy}>
          戻る
        </Button>
      </ButtonRow>
    </Page>
  );
}

function RedirectToOtp() {
  return (
    <Page title="ワンタイムパスワード入力省略の確認">
      <Notice tone="warning">ワンタイムパスワードをもう一度入力してください。</Notice>
      <Link to="/login/otp">ワンタイムパスワード入力へ</Link>
    </Page>
  );
}
