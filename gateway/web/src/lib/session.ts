import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { isSessionEnded } from './apiError';
import { markSignedIn, wasSignedIn } from './flow';

// useSessionGuard returns a function for the errors of signed-in screens: when the
// session has ended (401) it sends the user to the login screen, which brings them
// back here after signing in, and returns true.
export function useSessionGuard(): (err: unknown) => boolean {
  const navigate = useNavigate();
  const location = useLocation();
  return useCallback(
    (err: unknown) => {
      if (!isSessionEnded(err)) return false;
      const expired = wasSignedIn();
      markSignedIn(false);
      const next = encodeURIComponent(location.pathname + location.search);
      navigate(`/login?next=${next}${expired ? '&expired=1' : ''}`, { replace: true });
      return true;
    },
    [navigate, location.pathname, location.search],
  );
}
