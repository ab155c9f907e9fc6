import { Link, useSearchParams } from 'react-router';
import { PasswordStep } from '../components/SignInSteps';
import { safeNext } from '../lib/validation';

// LoginPage is ログイン (GEAB040010): the password step of LOGIN-1. A wrong ID, a wrong
// password and a locked account get the same answer, whose text tells about the lock.
export function LoginPage() {
  const [params] = useSearchParams();
  return (
    <PasswordStep title="求人者マイページにログイン" idLabel="ログインID(メールアドレス)" next={safeNext(params.get('next'))} otpPath="/login/otp">
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
    </PasswordStep>
  );
}
