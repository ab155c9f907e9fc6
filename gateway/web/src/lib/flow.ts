// The state a multi-screen step carries from one screen to the next, kept in this
// tab's sessionStorage so that reloading a screen (or its deep link) keeps it: the
// login attempt waiting for its one-time password, the e-mail a key was mailed to.
// Secrets never go here: the one-time password waiting for the skip confirmation is
// held in memory only (pendingOtp), and passwords never leave their form.

export type SignInFlow = { attemptId: string; email: string; expireTime?: string | undefined; next: string };
export type KeyFlow = { email: string; expireTime?: string | undefined };

type Flows = {
  signIn: SignInFlow;
  registration: KeyFlow; // OPEN-1
  passwordRegistration: KeyFlow; // OPEN-2, OPEN-3
  reset: KeyFlow; // RESET-1
  restore: KeyFlow; // ACC-4
  consent: { at: string }; // OPEN-2 / OPEN-3 terms accepted
  loginEmailChange: KeyFlow; // ACC-1: the key mailed to the new address
};

const prefix = 'hw.flow.';

export function getFlow<K extends keyof Flows>(k: K): Flows[K] | undefined {
  try {
    const raw = sessionStorage.getItem(prefix + k);
    return raw ? (JSON.parse(raw) as Flows[K]) : undefined;
  } catch {
    return undefined;
  }
}

export function setFlow<K extends keyof Flows>(k: K, v: Flows[K]): void {
  try {
    sessionStorage.setItem(prefix + k, JSON.stringify(v));
  } catch {
    // Storage refused (private mode quota): the screens still work until a reload.
  }
}

export function clearFlow(k: keyof Flows): void {
  try {
    sessionStorage.removeItem(prefix + k);
  } catch {
    // nothing kept
  }
}

// signedIn remembers that this tab had a session, so that a 401 later is told to the
// user as an expired session rather than as "please sign in".
export function markSignedIn(v: boolean): void {
  try {
    if (v) sessionStorage.setItem('hw.signedIn', '1');
    else sessionStorage.removeItem('hw.signedIn');
  } catch {
    // ignore
  }
}

export function wasSignedIn(): boolean {
  try {
    return sessionStorage.getItem('hw.signedIn') === '1';
  } catch {
    return false;
  }
}

// pendingOtp holds the one-time password between the OTP screen and the skip
// confirmation screen, in memory only.
export const pendingOtp: { attemptId?: string; otp?: string } = {};

// pendingAccount holds the additional account being added between its form and its
// confirmation screen, in memory only (it carries a password).
export const pendingAccount: {
  value?: { email: string; email_confirmation: string; password: string; password_confirmation: string } | undefined;
  error?: string | undefined;
} = {};

// pendingLoginChange holds ACC-1's ログインアカウント編集 between its form and its
// confirmation screen, in memory only (it carries passwords).
export const pendingLoginChange: {
  value?:
    | { current_password: string; new_email: string; new_email_confirmation: string; new_password: string; new_password_confirmation: string }
    | undefined;
  // The server's refusal, with its field violations, shown back on the form.
  error?: { message: string; fields: Record<string, string> } | undefined;
} = {};
