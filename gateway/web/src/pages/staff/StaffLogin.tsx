import { Link, useSearchParams } from 'react-router';
import { Notice } from '../../components/Form';
import { OtpStep, PasswordStep } from '../../components/SignInSteps';
import { staffNext } from '../../lib/staffValidation';

// StaffLoginPage is the staff sign-in (職員ログイン): the same two steps as the
// employers' (LOGIN-1, LOGIN-2) on the identity service, accepted only from the
// networks of the staff member's own office (OFFICE_NETWORKS; elsewhere the answer
// is the wrong-password one), and never without the one-time password.
export function StaffLoginPage() {
  const [params] = useSearchParams();
  return (
    <PasswordStep
      title="職員ログイン"
      idLabel="職員ID(メールアドレス)"
      next={staffNext(params.get('next'))}
      otpPath="/staff/login/otp"
      intro={
        <Notice>
          <p>ハローワーク職員の方のログイン画面です。職員のログインは、所属する安定所の庁舎内ネットワークからのみ行えます。</p>
          <p>
            求人者の方は<Link to="/login">求人者マイページのログイン</Link>をご利用ください。
          </p>
        </Notice>
      }
    />
  );
}

// StaffOtpPage is the one-time password step of the staff sign-in. Staff never skip
// it (issue 9, M4), so there is no skip checkbox.
export function StaffOtpPage() {
  return (
    <OtpStep
      loginPath="/staff/login"
      noAttemptText="職員ログインへ"
      backText="職員ログインに戻る"
      lead={<p>職員のアカウントでは、ワンタイムパスワードの入力を省略できません。</p>}
    />
  );
}
