import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, call, type Schemas } from '../../api/client';
import { Button, ButtonRow } from '../../components/Button';
import { applyServerError, ErrorSummary, Notice, summaryItems, TextField } from '../../components/Form';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../lib/dates';
import { Empty, Loading, Pager, usePagedLoad, useStaffGuard } from './common';

type Delivery = Schemas['hellowork.notification.v1.Delivery'];

const statuses: Record<string, string> = {
  DELIVERY_STATUS_PENDING: '送信待ち',
  DELIVERY_STATUS_SENT: '送信済み',
  DELIVERY_STATUS_FAILED: '送信失敗',
  DELIVERY_STATUS_EXPIRED: '期限切れのため未送信',
};

// The recipient filter mirrors ListDeliveriesRequest.recipient (at most 254 characters).
const filterForm = z.object({
  recipient: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().max(254, { error: '宛先は254文字以内で入力してください。' })),
});
type FilterForm = z.input<typeof filterForm>;

// DeliveriesPage is the office's mail delivery log (notification's staff view,
// LOGIN-5): only the deliveries of the office's establishments, newest first, with a
// recipient filter. For a recipient that is not the establishment's own login (an
// additional account), the API withholds the address, Message-ID and SMTP reply; the
// screen says so instead of showing them.
export function DeliveriesPage() {
  const guard = useStaffGuard();
  const [recipient, setRecipient] = useState('');
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [paged, reload, pager] = usePagedLoad(async (page_token) => {
    const r = await call(
      api.GET('/v1/notification/deliveries', { params: { query: { page_size: 100, page_token, ...(recipient ? { recipient } : {}) } } }),
    );
    const deliveries = r.deliveries ?? [];
    // The filter the rows were loaded with: the screen names it only once they are shown.
    return { value: { deliveries, recipient }, count: deliveries.length, next: r.next_page_token };
  });
  const onFirst = pager.cursor.tokens.length === 1;
  const toFirst = pager.first;
  const log = paged.kind === 'ready' ? { kind: 'ready' as const, value: paged.value.value } : paged;
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FilterForm, unknown, z.output<typeof filterForm>>({
    resolver: zodResolver(filterForm),
    defaultValues: { recipient: '' },
    shouldFocusError: false,
  });
  const onSubmit = async (v: z.output<typeof filterForm>) => {
    setTop(undefined);
    try {
      // Checked by the server first, so that its field violation shows on the field.
      await call(api.GET('/v1/notification/deliveries', { params: { query: { page_size: 1, ...(v.recipient ? { recipient: v.recipient } : {}) } } }));
      setRecipient(v.recipient);
    } catch (e) {
      if (guard(e)) return;
      setTop(applyServerError(e, setError, ['recipient']));
      setFocusKey((k) => k + 1);
    }
  };
  // Reload when the filter changes (useLoad did the first load).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A page token is valid only with the filter it was issued for: back to the first
    // page (whose change loads it), or load the first page again.
    if (onFirst) void reload();
    else toFirst();
  }, [recipient, reload]); // eslint-disable-line react-hooks/exhaustive-deps -- only a new filter loads again
  return (
    <Page title="メール配信ログ" wide lead={<p>この安定所の事業所に関するメールの配信状況です(新しい順)。閲覧は記録されます。</p>}>
      <ErrorSummary message={top} items={summaryItems(errors, ['recipient'])} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting} className="mb-6">
        <TextField
          id="recipient"
          label="宛先で絞り込む"
          required={false}
          type="email"
          inputMode="email"
          hint="メールアドレスを完全に入力してください(大文字・小文字は区別しません)。空欄ですべて表示します。"
          registration={register('recipient')}
          error={errors.recipient?.message}
        />
        <ButtonRow>
          <Button type="submit" variant="secondary" disabled={isSubmitting}>
            絞り込む
          </Button>
        </ButtonRow>
      </form>
      {log.kind === 'ready' && log.value.recipient && (
        <p className="text-std-16N-175 mb-4" role="status">
          宛先「{log.value.recipient}」のメールを表示しています。
        </p>
      )}
      {log.kind === 'loading' && <Loading />}
      {log.kind === 'error' && <Notice tone="warning">{log.message}</Notice>}
      {log.kind === 'ready' && log.value.deliveries.length === 0 && <Empty>該当するメールはありません。</Empty>}
      {log.kind === 'ready' && log.value.deliveries.length > 0 && (
        <div className="overflow-x-auto">
          <table className="text-std-16N-175 w-full border-collapse">
            <caption className="sr-only">メール配信ログ</caption>
            <thead>
              <tr className="border-b-2 border-solid-gray-600 text-left">
                <th scope="col" className="p-2">
                  日時
                </th>
                <th scope="col" className="p-2">
                  件名
                </th>
                <th scope="col" className="p-2">
                  宛先
                </th>
                <th scope="col" className="p-2">
                  状態
                </th>
                <th scope="col" className="p-2">
                  送信回数
                </th>
              </tr>
            </thead>
            <tbody>
              {log.value.deliveries.map((d) => (
                <Row key={d.name ?? d.event_id} d={d} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="メール配信ログ" pager={pager} />
    </Page>
  );
}

function Row({ d }: { d: Delivery }) {
  return (
    <tr className="border-b border-solid-gray-420 align-top">
      <td className="whitespace-nowrap p-2">{d.create_time ? formatDateTime(d.create_time) : ''}</td>
      <td className="p-2">{d.subject}</td>
      <td className="break-all p-2">
        {d.recipient_withheld ? (
          <span className="text-solid-gray-700">非表示(追加アカウント宛)</span>
        ) : (
          <>
            {d.recipient}
            {d.last_error && <span className="block text-red-900">応答：{d.last_error}</span>}
          </>
        )}
      </td>
      <td className="whitespace-nowrap p-2">
        {statuses[d.status ?? ''] ?? ''}
        {d.sent_time && <span className="block text-solid-gray-700">{formatDateTime(d.sent_time)}</span>}
      </td>
      <td className="p-2">{d.attempts ?? 0}</td>
    </tr>
  );
}
