import { NavLink, Outlet, useNavigate } from 'react-router';
import { PageSuspense } from './LazyPages';
import { api, call } from '../api/client';
import { markSignedIn } from '../lib/flow';

// SignedInLayout frames the screens of a signed-in employer: the MyPage menu (as the
// real MyPage: ホーム（求人／応募管理）, ...) and ログアウト. Menus whose screens are not
// built yet are not shown.
export function SignedInLayout() {
  const navigate = useNavigate();
  const signOut = async () => {
    try {
      await call(api.POST('/v1/identity/sessions:signOut', { body: {} }));
    } catch {
      // The answer clears the cookie; if the call failed the session ends on its own.
    }
    markSignedIn(false);
    navigate('/login', { replace: true, state: { notice: 'ログアウトしました。' } });
  };
  return (
    <>
      <nav aria-label="メインメニュー" className="border-b border-solid-gray-420 bg-blue-50">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-2 md:px-6">
          <ul className="flex flex-wrap gap-4">
            <li>
              <NavLink
                to="/home"
                className={({ isActive }) => `text-std-16B-175 ${isActive ? 'text-solid-gray-900 no-underline' : ''}`}
              >
                ホーム（求人／応募管理）
              </NavLink>
            </li>
            {/* Postings: 新規求人情報を登録. */}
            <li>
              <NavLink
                to="/postings/new"
                className={({ isActive }) => `text-std-16B-175 ${isActive ? 'text-solid-gray-900 no-underline' : ''}`}
              >
                新規求人情報を登録
              </NavLink>
            </li>
            {/* 事業所情報・設定 (webacct): EST-1, IMG-1 */}
            <li>
              <NavLink
                to="/establishment"
                end={false}
                className={({ isActive }) => `text-std-16B-175 ${isActive ? 'text-solid-gray-900 no-underline' : ''}`}
              >
                事業所情報
              </NavLink>
            </li>
            {/* Applicants, messages, seeker search (webapp) */}
            <li>
              <NavLink
                to="/applicants"
                className={({ isActive }) => `text-std-16B-175 ${isActive ? 'text-solid-gray-900 no-underline' : ''}`}
              >
                応募者管理
              </NavLink>
            </li>
            <li>
              <NavLink
                to="/messages"
                className={({ isActive }) => `text-std-16B-175 ${isActive ? 'text-solid-gray-900 no-underline' : ''}`}
              >
                メッセージ
              </NavLink>
            </li>
            <li>
              <NavLink
                to="/seekers"
                className={({ isActive }) => `text-std-16B-175 ${isActive ? 'text-solid-gray-900 no-underline' : ''}`}
              >
                求職情報検索
              </NavLink>
            </li>
            {/* end of applicants, messages, seeker search */}
            <li>
              <NavLink
                to="/settings"
                className={({ isActive }) => `text-std-16B-175 ${isActive ? 'text-solid-gray-900 no-underline' : ''}`}
              >
                各種設定
              </NavLink>
            </li>
          </ul>
          <button
            type="button"
            onClick={signOut}
            className="text-std-16B-175 min-h-11 rounded-8 border border-blue-900 bg-white px-3 text-blue-900 hover:bg-blue-200 hover:underline"
          >
            ログアウト
          </button>
        </div>
      </nav>
      <PageSuspense>
        <Outlet />
      </PageSuspense>
    </>
  );
}
