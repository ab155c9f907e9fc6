// signInResult says in Japanese whether a sign-in event of the audit trail succeeded
// (its outcome is SUCCESS, or FAILURE with a cause such as FAILURE_LOCKED).
export function signInResult(outcome: string | undefined): string {
  const o = (outcome ?? '').trim().toLowerCase();
  if (o === '') return '';
  return o.startsWith('success') || o === 'ok' ? '成功' : '失敗';
}
