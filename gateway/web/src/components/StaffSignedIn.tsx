import { createContext, useContext, useEffect, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { PageSuspense } from './LazyPages';
import { api, call, type Account } from '../api/client';
import { markSignedIn } from '../lib/flow';
import { errorText, useStaffGuard } from '../pages/staff/common';
import { Notice } from './Form';

// The office staff's menu (ハローワーク職員), not the employer's MyPage menu.
const menu: [string, string][] = [
  ['/staff', '業務メニュー'],
  ['/staff/establishments', '事業所の受付'],
  ['/staff/postings', '求人の受付'],
  ['/staff/postings/new', '求人の窓口入力'],
  ['/staff/applications', '変更・停止・延長'],
  ['/staff/images', '画像の審査'],
  ['/staff/counter', '窓口での事業所登録'],
  ['/staff/codes', 'アカウント作成コード'],
  ['/staff/referrals', '窓口紹介'],
  ['/staff/transfers', '事業所の移管'],
  ['/staff/deliveries', 'メール配信ログ'],
  ['/staff/terminals', '来所者端末'],
  ['/staff/accounts', '職員アカウント'],
];

const StaffContext = createContext<Account | undefined>(undefined);

// useStaff is the signed-in staff member's account (office_code, email).
export function useStaff(): Account | undefined {
  return useContext(StaffContext);
}

// StaffSignedInLayout frames the staff screens: it checks that the session is a staff
// member's (an employer's session gets a notice, no session the staff sign-in) and
// shows the staff menu with ログアウト.
export function StaffSignedInLayout() {
  const navigate = useNavigate();
  const guard = useStaffGuard();
  const [me, setMe] = useState<Account | { error: string }>();
  useEffect(() => {
    (async () => {
      try {
        setMe(await call(api.GET('/v1/identity/account')));
      } catch (e) {
        if (!guard(e)) setMe({ error: errorText(e) });
      }
    })();
  }, [guard]);
  const signOut = async () => {
    try {
      await call(api.POST('/v1/identity/sessions:signOut', { body: {} }));
    } catch {
      // The answer clears the cookie; if the call failed the session ends on its own.
    }
    markSignedIn(false);
    navigate('/staff/login', { replace: true, state: { notice: 'ログアウトしました。' } });
  };
  const notStaff = me && ('error' in me || me.role !== 'ACCOUNT_ROLE_STAFF');
  return (
    <>
      <nav aria-label="職員メニュー" className="border-b border-solid-gray-420 bg-blue-50">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-2 md:px-6">
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {menu.map(([to, label]) => (
              <li key={to}>
                <NavLink
                  to={to}
                  end
                  className={({ isActive }) => `text-std-16B-175 ${isActive ? 'text-solid-gray-900 no-underline' : ''}`}
                >
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
          <div className="flex items-center gap-3">
            {me && !('error' in me) && me.role === 'ACCOUNT_ROLE_STAFF' && (
              <span className="text-std-16N-175">安定所 {me.office_code}</span>
            )}
            <button
              type="button"
              onClick={signOut}
              className="text-std-16B-175 min-h-11 rounded-8 border border-blue-900 bg-white px-3 text-blue-900 hover:bg-blue-200 hover:underline"
            >
              ログアウト
            </button>
          </div>
        </div>
      </nav>
      {notStaff ? (
        <div className="mx-auto w-full max-w-3xl px-4 py-6 md:px-6 md:py-10">
          <h1 className="text-std-28B-150 mb-4">職員用の画面です</h1>
          <Notice tone="warning">
            {'error' in me ? me.error : 'この画面はハローワーク職員のアカウントでのみ利用できます。職員のアカウントでログインしてください。'}
          </Notice>
        </div>
      ) : me ? (
        <StaffContext.Provider value={me}>
          <PageSuspense>
            <Outlet />
          </PageSuspense>
        </StaffContext.Provider>
      ) : (
        <div className="mx-auto w-full max-w-3xl px-4 py-6 md:px-6">
          <p role="status" className="text-std-16N-175">
            読み込み中です…
          </p>
        </div>
      )}
    </>
  );
}
