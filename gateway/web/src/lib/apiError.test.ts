import { describe, expect, it } from 'vitest';
import { isSessionEnded, toApiError } from './apiError';

describe('toApiError reads google.rpc.Status JSON as the gateway writes it', () => {
  it('takes the reason, the Japanese message and each field violation', () => {
    const e = toApiError(400, {
      code: 3,
      message: 'invalid request',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'INVALID_ARGUMENT', domain: 'identity', metadata: { rule_id: 'EMAIL-1' } },
        { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'ja-JP', message: '入力内容に誤りがあります。' },
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          field_violations: [
            { field: 'email', description: 'invalid', reason: 'EMAIL_INVALID', localized_message: { locale: 'ja-JP', message: 'メールアドレスの形式が正しくありません。' } },
            { field: 'account_creation_code.code', description: 'value length must be at most 10 characters', reason: 'string.max_len' },
          ],
        },
        { '@type': 'type.googleapis.com/google.rpc.RequestInfo', request_id: 'r1' },
      ],
    });
    expect(e.status).toBe(400);
    expect(e.reason).toBe('INVALID_ARGUMENT');
    expect(e.localized).toBe('入力内容に誤りがあります。');
    expect(e.metadata).toEqual({ rule_id: 'EMAIL-1' });
    expect(e.fields).toEqual({
      email: 'メールアドレスの形式が正しくありません。',
      'account_creation_code.code': 'value length must be at most 10 characters',
    });
  });
  it('falls back to a Japanese text for an answer without details (a proxy error page)', () => {
    expect(toApiError(502, '<html>').localized).toBe('システムエラーが発生しました。時間をおいて再度お試しください。');
    expect(toApiError(401, undefined).localized).toBe('ログインしてください。');
  });
  it('tells an ended session', () => {
    expect(isSessionEnded(toApiError(401, {}))).toBe(true);
    expect(isSessionEnded(toApiError(403, {}))).toBe(false);
    expect(isSessionEnded(new Error('x'))).toBe(false);
  });
});
