// Errors of the REST edge are google.rpc.Status JSON (proto field names). Their details
// are google.protobuf.Any values; the API description types them only as Any, so the
// three detail types the pages use are read here by their @type.

export type FieldErrors = Record<string, string>;

// Violation is one field violation of a BadRequest with its reason (the job-posting
// service names a warning to confirm by REASON@field).
export type Violation = { field: string; reason: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    // The Japanese text for the user (LocalizedMessage), or a generic one.
    readonly localized: string,
    // Field path as the API names it (e.g. "account_creation_code.code") → Japanese text.
    readonly fields: FieldErrors,
    readonly metadata: Record<string, string>,
    // Every field violation in order, with its reason.
    readonly violations: Violation[] = [],
  ) {
    super(localized);
    this.name = 'ApiError';
  }
}

const genericMessage = 'システムエラーが発生しました。時間をおいて再度お試しください。';

type Any = { '@type'?: string; [k: string]: unknown };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function toApiError(status: number, body: unknown): ApiError {
  let reason = '';
  let localized = '';
  const fields: FieldErrors = {};
  const metadata: Record<string, string> = {};
  const violations: Violation[] = [];
  const details: unknown[] = isRecord(body) && Array.isArray(body.details) ? body.details : [];
  for (const raw of details) {
    if (!isRecord(raw)) continue;
    const d = raw as Any;
    const type = str(d['@type']);
    if (type.endsWith('google.rpc.ErrorInfo')) {
      reason = str(d.reason);
      if (isRecord(d.metadata)) {
        for (const [k, v] of Object.entries(d.metadata)) metadata[k] = str(v);
      }
    } else if (type.endsWith('google.rpc.LocalizedMessage')) {
      localized = str(d.message);
    } else if (type.endsWith('google.rpc.BadRequest') && Array.isArray(d.field_violations)) {
      for (const fv of d.field_violations) {
        if (!isRecord(fv)) continue;
        const field = str(fv.field);
        const lm = isRecord(fv.localized_message) ? str(fv.localized_message.message) : '';
        if (field && !(field in fields)) fields[field] = lm || str(fv.description);
        violations.push({ field, reason: str(fv.reason), message: lm || str(fv.description) });
      }
    }
  }
  if (!localized) {
    localized = status === 401 ? 'ログインしてください。' : genericMessage;
  }
  return new ApiError(status, reason, localized, fields, metadata, violations);
}

export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', '通信できませんでした。接続を確認して、再度お試しください。', {}, {});
}

// isSessionEnded tells whether the user must sign in (again): no session, or an
// expired or revoked one.
export function isSessionEnded(e: unknown): boolean {
  return e instanceof ApiError && e.status === 401;
}
