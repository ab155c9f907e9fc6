import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { Button } from '../components/Button';
import { Empty, Loading, TextArea } from '../components/Fields';
import { applyServerError, ErrorSummary, Notice, summaryItems } from '../components/Form';
import { Page } from '../components/Page';
import { channelLabel, chars, maxMessage, messageForm, type MessageForm } from '../lib/applicants';
import { formatDateTime } from '../lib/dates';
import { useSessionGuard } from '../lib/session';
import { useApplicant, useFail, type Applicant } from './Applicants';

type Message = Schemas['hellowork.applicant_selection.v1.Message'];

// MessageListPage is メッセージ (MSG-1): one thread per applicant who has a
// 求職者マイページ, newest application first, each marked with its unread messages.
export function MessageListPage() {
  const fail = useFail();
  const [items, setItems] = useState<Applicant[]>();
  const [next, setNext] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (token: string) => {
    const res = await call(api.GET('/v1/applicants', { params: { query: { page_size: 100, ...(token ? { page_token: token } : {}) } } }));
    return { list: (res.applicants ?? []).filter((a) => a.seeker_has_mypage), next: res.next_page_token ?? '' };
  }, []);

  useEffect(() => {
    load('')
      .then((r) => {
        setItems(r.list);
        setNext(r.next);
      })
      .catch((e) => {
        const m = fail(e);
        if (m) setError(m);
      });
  }, [load, fail]);

  const more = async () => {
    setBusy(true);
    try {
      const r = await load(next);
      setItems((cur) => [...(cur ?? []), ...r.list]);
      setNext(r.next);
    } catch (e) {
      const m = fail(e);
      if (m) setError(m);
    } finally {
      setBusy(false);
    }
  };

  const unread = (items ?? []).reduce((n, a) => n + (a.unread_messages ?? 0), 0);
  return (
    <Page
      title="メッセージ"
      lead={
        <>
          <p>応募者とのメッセージの一覧です。メッセージをやりとりできるのは、応募者が「求職者マイページ」を開設している場合に限られます。</p>
          <p>求人が有効中の場合に限り、求職者とやりとりできます。求人が無効になった後は、選考結果の登録期限まで閲覧のみできます。</p>
        </>
      }
    >
      {error && (
        <Notice tone="warning">
          <p role="alert">{error}</p>
        </Notice>
      )}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <Empty>メッセージをやりとりできる応募者はいません。</Empty>}
      {items && items.length > 0 && (
        <>
          <p className="text-std-16N-175 mb-4">{unread > 0 ? `未読メッセージが${unread}件あります。` : '未読メッセージはありません。'}</p>
          <ul className="space-y-3">
            {items.map((a) => {
              const n = a.unread_messages ?? 0;
              return (
                <li key={a.applicant_id} className={`rounded-8 border p-4 ${n > 0 ? 'border-2 border-blue-900' : 'border-solid-gray-420'}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <Link to={`/applicants/${a.applicant_id}/messages`} className="text-std-18B-160">
                      {a.seeker_name || '（氏名なし）'}さんとのメッセージ
                    </Link>
                    {n > 0 && <span className="text-std-16B-175 rounded-4 bg-red-900 px-2 text-white">未読 {n}件</span>}
                  </div>
                  <p className="text-std-16N-175 text-solid-gray-700">
                    {a.job_number} {a.occupation} ／ {channelLabel(a.channel)}
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {next && (
        <div className="mt-6">
          <Button variant="secondary" onClick={more} disabled={busy}>
            さらに表示
          </Button>
        </div>
      )}
    </Page>
  );
}

const from: Record<string, string> = { EMPLOYER: '事業所', SEEKER: '応募者', SYSTEM: 'ハローワーク' };

// ThreadPage is one applicant's messages, oldest first (reading marks them read), and
// the form to send plain text up to 2,000 characters while the posting is valid; the
// server says when the thread is read-only.
export function ThreadPage() {
  const { id = '' } = useParams();
  const guard = useSessionGuard();
  const fail = useFail();
  const { detail, error: loadError } = useApplicant(id);
  const [messages, setMessages] = useState<Message[]>();
  const [mode, setMode] = useState('');
  const [error, setErrorText] = useState<string>();
  const [sent, setSent] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const {
    register,
    handleSubmit,
    watch,
    reset,
    setError,
    formState: { errors },
  } = useForm<MessageForm>({ resolver: zodResolver(messageForm), defaultValues: { body: '' }, shouldFocusError: false });

  const load = useCallback(async () => {
    try {
      const res = await call(api.GET('/v1/applicants/{applicant_id}/messages', { params: { path: { applicant_id: id } } }));
      setMessages(res.messages ?? []);
      setMode(res.window ?? '');
    } catch (e) {
      const m = fail(e);
      if (m) setErrorText(m);
    }
  }, [id, fail]);
  useEffect(() => {
    void load();
  }, [load]);

  const send = async (v: MessageForm) => {
    setBusy(true);
    setErrorText(undefined);
    setSent(undefined);
    try {
      await call(api.POST('/v1/applicants/{applicant_id}/messages', { params: { path: { applicant_id: id } }, body: { body: v.body.replace(/\r\n?/g, '\n').trim() } }));
      reset({ body: '' });
      await load();
      setSent('メッセージを送信しました。');
    } catch (e) {
      if (guard(e)) return;
      setErrorText(applyServerError(e, setError, ['body']));
      setFocusKey((k) => k + 1);
      // The server decides whether the thread takes messages: reload it to show why not.
      await load();
    } finally {
      setBusy(false);
    }
  };

  const a = detail?.applicant;
  const body = watch('body');
  return (
    <Page title={a?.seeker_name ? `${a.seeker_name}さんとのメッセージ` : 'メッセージ'}>
      {(loadError ?? (!messages ? error : undefined)) && (
        <Notice tone="warning">
          <p role="alert">{loadError ?? error}</p>
        </Notice>
      )}
      {a && (
        <p className="text-std-16N-175 mb-4">
          {a.job_number} {a.occupation} ／ {channelLabel(a.channel)}（<Link to={`/applicants/${id}`}>応募者情報詳細</Link>）
        </p>
      )}
      {!messages && !error && <Loading />}
      {messages && (
        <section aria-labelledby="thread" className="mb-8">
          <h2 id="thread" className="text-std-20B-150 mb-4">
            やりとり
          </h2>
          {messages.length === 0 ? (
            <Empty>まだメッセージはありません。</Empty>
          ) : (
            <ol className="space-y-3">
              {messages.map((m) => {
                const mine = m.from === 'EMPLOYER';
                return (
                  <li
                    key={m.message_id}
                    className={`rounded-8 border p-4 ${mine ? 'ml-6 border-blue-900 bg-blue-50 md:ml-16' : 'mr-6 border-solid-gray-420 bg-white md:mr-16'}`}
                  >
                    <p className="text-std-16B-175">
                      {from[m.from ?? ''] ?? ''}
                      <span className="ml-3 font-normal text-solid-gray-700">{m.sent_at ? formatDateTime(m.sent_at) : ''}</span>
                      {mine && <span className="ml-3 font-normal text-solid-gray-700">{m.read_at ? '既読' : '未読'}</span>}
                    </p>
                    <p className="text-std-16N-175 mt-1 whitespace-pre-wrap break-words">{m.body}</p>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      )}
      {messages && mode === 'SEND' && (
        <section aria-labelledby="compose">
          <h2 id="compose" className="text-std-20B-150 mb-4">
            メッセージを送信
          </h2>
          {sent && (
            <Notice tone="success">
              <p role="status">{sent}</p>
            </Notice>
          )}
          <ErrorSummary message={error} items={summaryItems(errors, ['body'] as const)} focusKey={focusKey} />
          <form noValidate onSubmit={handleSubmit(send, () => setFocusKey((k) => k + 1))}>
            <TextArea
              id="body"
              label="メッセージ"
              hint={`文字のみ、${maxMessage.toLocaleString('ja-JP')}文字以内で入力してください（ファイルは添付できません）。`}
              registration={register('body')}
              error={errors.body?.message}
              counter={{ count: chars(body), max: maxMessage }}
            />
            <Button type="submit" disabled={busy}>
              送信する
            </Button>
          </form>
        </section>
      )}
      {messages && mode !== 'SEND' && (
        <Notice tone="info" title="このメッセージは閲覧のみできます">
          <p>
            {error ??
              '求人が有効中の場合に限り、求職者とメッセージをやりとりできます。この求人は無効になったため、選考結果の登録期限まで閲覧のみできます。'}
          </p>
        </Notice>
      )}
    </Page>
  );
}
