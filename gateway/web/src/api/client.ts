// The API client: openapi-fetch over the types generated from the gateway's API
// description (schema.d.ts, see scripts/gen-api.mjs). Same origin: the gateway keeps
// the session in an HttpOnly __Host- cookie that the browser sends by itself.
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';
import { ApiError, networkError, toApiError } from '../lib/apiError';

export type Schemas = components['schemas'];
export type Account = Schemas['hellowork.identity.v1.Account'];
export type HomeSummary = Schemas['hellowork.employer_registration.v1.HomeSummary'];
// 事業所情報の仮登録 (OPEN-1 step 4).
export type Establishment = Schemas['hellowork.employer_registration.v1.Establishment'];
export type EstablishmentWarning = Schemas['hellowork.employer_registration.v1.ValidationWarning'];
// Job postings (the employer's posting screens).
export type Posting = Schemas['hellowork.job_posting.v1.Posting'];
export type PostingContent = Schemas['hellowork.job_posting.v1.Content'];
export type PostingWarning = Schemas['hellowork.job_posting.v1.ValidationWarning'];
export type CategoryCount = Schemas['hellowork.job_posting.v1.CategoryCount'];
export type PostingList = NonNullable<Posting['list']>;

export const api = createClient<paths>({
  baseUrl: '',
  credentials: 'same-origin',
  headers: { 'Accept-Language': 'ja' },
});

type Result<T> = { data?: T; error?: unknown; response: Response };

// call awaits one request and returns its data, or throws an ApiError carrying the
// Status the gateway answered (reason, Japanese message, field violations).
export async function call<T>(request: Promise<Result<T>>): Promise<T> {
  let res: Result<T>;
  try {
    res = await request;
  } catch {
    throw networkError();
  }
  if (res.error !== undefined || !res.response.ok) {
    throw toApiError(res.response.status, res.error);
  }
  return res.data as T;
}

export { ApiError };
