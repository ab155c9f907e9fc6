import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, ButtonRow } from '../components/Button';
import { ErrorSummary, Notice } from '../components/Form';
import { Page } from '../components/Page';
import { NoAttempt, OtpStep, useAttemptEnded, verify } from '../components/SignInSteps';
import { ApiError } from '../lib/apiError';
import { getFlow, pendingOtp } from '../lib/flow';

export const skipLabel = '次回以降、同じ端末・ブラウザでログインする際にワンタイムパスワードを省略する';

// OtpPage is ワンタイムパスワード入力 (LOGIN-2), with the skip checkbox of LOGIN-3 whose
// choice is confirmed on the next screen.
export function OtpPage() {
  return <OtpStep loginPath="/login" noAttemptText="ログイン画面へ" backText="ログイン画面に戻る" skip={{ label: skipLabel, confirmPath: '/login/otp/confirm' }} />;
}

// OtpSkipConfirmPage confirms the skip (LOGIN-3) before the one-time password is sent.
export function OtpSkipConfirmPage() {
  const navigate = useNavigate();
  const [flow] = useState(() => getFlow('signIn'));
  const [pending] = useState(() => ({ ...pendingOtp }));
  const [top, setTop] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [focusKey, setFocusKey] = useState(0);
  const attemptEnded = useAttemptEnded('/login');
  if (!flow || pending.attemptId !== flow.attemptId || !pending.otp) {
    if (flow) return <RedirectToOtp />;
    return <NoAttempt loginPath="/login" linkText="ログイン画面へ" />;
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
