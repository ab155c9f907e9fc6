import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { isStaffPath } from '../components/Layout';
import { isSessionEnded } from './apiError';
import { markSignedIn, wasSignedIn } from './flow';

// useSessionGuard returns a function for the errors of signed-in screens: when the
// session has ended (401) it sends the user to the login screen (the staff sign-in for
// a staff screen, /staff/...), which brings them back here after signing in, and
// returns true. The staff screens reuse employer screens' parts (the posting wizard for
// 求人の窓口入力), so the path decides which sign-in.
export function useSessionGuard(): (err: unknown) => boolean {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(
    (err: unknown) => {
      if (!isSessionEnded(err)) return false;
      const expired = wasSignedIn();
      markSignedIn(false);
      // A call that ends after the user has left its screen (a late 401 of a lazily
      // loaded page, say) must not pull them back from where they went.
      if (window.location.pathname !== location.pathname) return true;
      const next = encodeURIComponent(location.pathname + location.search);
      const login = isStaffPath(location.pathname) ? '/staff/login' : '/login';
      navigate(`${login}?next=${next}${expired ? '&expired=1' : ''}`, { replace: true });
      return true;
    },
    [navigate, location.pathname, location.search],
  );
}
