import { useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { api, call } from '../api/client';
import { Page } from '../components/Page';

export function PrivacyPage() {
  return (
    <Page title="プライバシーポリシー">
      <div className="text-std-16N-175 space-y-4">
        <p>
          求人者マイページで取得した個人情報(メールアドレス等)は、ハローワークの職業紹介業務および求人者マイページの提供のためにのみ利用し、法令に基づく場合を除き第三者に提供しません。
        </p>
        <p>ログインの記録(日時、端末・ブラウザの情報、IPアドレス)は、不正利用の防止のために保存します。</p>
      </div>
    </Page>
  );
}

export function TermsPage() {
  return (
    <Page title="マイページ利用規約">
      <ol className="text-std-16N-175 list-decimal space-y-2 pl-6">
        <li>求人者マイページは、ハローワークに求人を申し込む事業所が利用できます。</li>
        <li>ログインアカウント(メールアドレス・パスワード)は適切に管理し、第三者に知らせないでください。</li>
        <li>登録内容はハローワークで確認のうえ、受理・公開します。</li>
      </ol>
    </Page>
  );
}

export function NotFoundPage() {
  return (
    <Page title="ページが見つかりません">
      <p className="text-std-16N-175 mb-4">お探しのページは見つかりませんでした。URLをご確認ください。</p>
      <Link to="/">求人者マイページのトップへ</Link>
    </Page>
  );
}

// RootPage sends a signed-in user home and everyone else to the login screen.
export function RootPage() {
  const [to, setTo] = useState<string>();
  useEffect(() => {
    call(api.GET('/v1/identity/account')).then(
      () => setTo('/home'),
      () => setTo('/login'),
    );
  }, []);
  if (to) return <Navigate to={to} replace />;
  return (
    <p role="status" className="text-std-16N-175 p-6">
      読み込み中です…
    </p>
  );
}
