import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, ButtonRow } from '../../components/Button';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { applyServerError, FieldError, Notice } from '../../components/Form';
import { ApiError } from '../../lib/apiError';
import { firstPage, next, previous, range, token, type Cursor } from '../../lib/paging';
import { useSessionGuard } from '../../lib/session';

// Shared pieces of the office staff's screens (/staff/...).

export type Loaded<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; value: T };

// useStaffGuard is useSessionGuard, which sends a staff screen's ended session to the
// staff sign-in (/staff/login), which brings them back here afterwards.
export const useStaffGuard = useSessionGuard;

// errorText is the Japanese text for a failed call (the server's LocalizedMessage).
export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.localized : 'システムエラーが発生しました。時間をおいて再度お試しください。';
}

// useLoad loads data for a staff screen, sending an ended session to the sign-in.
export function useLoad<T>(load: () => Promise<T>): [Loaded<T>, () => Promise<void>] {
  const guard = useStaffGuard();
  const [state, setState] = useState<Loaded<T>>({ kind: 'loading' });
  const latest = useRef(load);
  latest.current = load;
  const reload = useCallback(async () => {
    try {
      setState({ kind: 'ready', value: await latest.current() });
    } catch (e) {
      if (!guard(e)) setState({ kind: 'error', message: errorText(e) });
    }
  }, [guard]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return [state, reload];
}

// A page of a worklist: what the screen shows and the API's next_page_token.
export type Paged<T> = { value: T; count: number; next?: string | undefined };

// usePagedLoad is useLoad over the API's page tokens (100 items a page): load gets the
// token of the page to show; the pager moves to the next and previous page.
export function usePagedLoad<T>(load: (pageToken: string) => Promise<Paged<T>>): [Loaded<Paged<T>>, () => Promise<void>, PagerState] {
  const [cursor, setCursor] = useState<Cursor>(firstPage);
  const current = token(cursor);
  const [state, reload] = useLoad(() => load(current));
  // Load again when the page changes (useLoad did the first load).
  const shown = useRef(current);
  useEffect(() => {
    if (shown.current === current) return;
    shown.current = current;
    void reload();
  }, [current, reload]);
  const ready = state.kind === 'ready' ? state.value : undefined;
  return [
    state,
    reload,
    {
      cursor,
      count: ready?.count ?? 0,
      hasNext: Boolean(ready?.next),
      next: () => setCursor((c) => next(c, ready?.next)),
      previous: () => setCursor(previous),
      first: () => setCursor(firstPage),
    },
  ];
}

export type PagerState = { cursor: Cursor; count: number; hasNext: boolean; next: () => void; previous: () => void; first: () => void };

// Pager is 「前の100件」/「次の100件」 under a worklist, with which items are shown.
export function Pager({ label, pager }: { label: string; pager: PagerState }) {
  const first = pager.cursor.tokens.length === 1;
  if (first && !pager.hasNext) return null;
  return (
    <nav aria-label={`${label}のページ`} className="mt-6 flex flex-col gap-3 sm:flex-row sm:items-center">
      <p className="text-std-16N-175" role="status">
        {range(pager.cursor, pager.count)}を表示しています。
      </p>
      {!first && (
        <Button variant="secondary" onClick={pager.previous}>
          前の100件
        </Button>
      )}
      {pager.hasNext && (
        <Button variant="secondary" onClick={pager.next}>
          次の100件
        </Button>
      )}
    </nav>
  );
}

export function Loading() {
  return (
    <p role="status" className="text-std-16N-175">
      読み込み中です…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">{children}</p>;
}

export function Done({ message }: { message?: string | undefined }) {
  if (!message) return null;
  return (
    <Notice tone="success">
      <p role="status">{message}</p>
    </Notice>
  );
}

// Facts is a definition list of label → value, the rows of an item.
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="text-std-16N-175 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[12rem_1fr]">
      {rows
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-bold text-solid-gray-700">{k}</dt>
            <dd className="mb-2 break-words sm:mb-0">{v}</dd>
          </div>
        ))}
    </dl>
  );
}

// A decision staff take on one item of a worklist: its button, the confirmation text,
// whether it needs a message to the employer (修正依頼, 不受理), and the call.
export type Decision = {
  key: string;
  label: string; // button, e.g. 受理
  confirm: string; // what happens, shown on the confirmation
  message?: { label: string; required: boolean } | undefined;
  extra?: ReactNode;
  // An optional one-line value the decision takes (e.g. an existing 事業所番号), with
  // its own check; passed to run as the second argument.
  input?: { label: string; hint: string; check: (v: string) => string | undefined } | undefined;
  run: (message: string, input: string) => Promise<string>; // returns the notice to show
};

// DecisionPanel shows the decisions on one item; choosing one opens its confirmation
// (with the message field when the decision sends one), which takes the focus; the
// message is kept when the server refuses, and its field violation shows on it.
export function DecisionPanel({ id, decisions, onDone }: { id: string; decisions: Decision[]; onDone: (notice: string) => void }) {
  const guard = useStaffGuard();
  const [open, setOpen] = useState<Decision>();
  const [message, setMessage] = useState('');
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [inputError, setInputError] = useState<string>();
  const [top, setTop] = useState<string>();
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) box.current?.focus();
  }, [open]);
  const fieldId = `${id}-message`;
  const inputId = `${id}-input`;
  const submit = async () => {
    if (!open) return;
    setTop(undefined);
    setFieldError(undefined);
    setInputError(undefined);
    const v = value.trim();
    const bad = open.input && v ? open.input.check(v) : undefined;
    if (bad) {
      setInputError(bad);
      document.getElementById(inputId)?.focus();
      return;
    }
    const m = message.trim();
    if (open.message?.required && !m) {
      setFieldError(`${open.message.label}を入力してください。`);
      document.getElementById(fieldId)?.focus();
      return;
    }
    if (m.length > 2000) {
      setFieldError(`${open.message?.label ?? 'メッセージ'}は2000文字以内で入力してください。`);
      document.getElementById(fieldId)?.focus();
      return;
    }
    setBusy(true);
    try {
      const notice = await open.run(m, v);
      setOpen(undefined);
      setMessage('');
      setValue('');
      onDone(notice);
    } catch (e) {
      if (guard(e)) return;
      const msg = e instanceof ApiError ? e.fields.message : undefined;
      if (msg) setFieldError(msg);
      const other = e instanceof ApiError ? Object.entries(e.fields).find(([k]) => k !== 'message')?.[1] : undefined;
      if (other && open.input) setInputError(other);
      setTop(errorText(e));
      box.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  if (!open) {
    return (
      <div className="mt-4 flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        {decisions.map((d) => (
          <Button key={d.key} variant={d.key === decisions[0]?.key ? 'primary' : 'secondary'} onClick={() => setOpen(d)}>
            {d.label}
          </Button>
        ))}
      </div>
    );
  }
  return (
    <div
      ref={box}
      tabIndex={-1}
      role="group"
      aria-labelledby={`${id}-confirm-title`}
      className="mt-4 rounded-8 border-2 border-blue-900 bg-blue-50 p-4 focus:outline-none"
    >
      <h3 id={`${id}-confirm-title`} className="text-std-17B-170 mb-2">
        {open.label}の確認
      </h3>
      {top && (
        <div role="alert" className="text-std-16N-175 mb-3 font-bold text-red-900">
          {top}
        </div>
      )}
      <p className="text-std-16N-175 mb-3">{open.confirm}</p>
      {open.extra}
      {open.input && (
        <div className="mb-4">
          <label htmlFor={inputId} className="text-std-17B-170 block">
            {open.input.label}
          </label>
          <p id={`${inputId}-hint`} className="text-std-16N-175 text-solid-gray-700">
            {open.input.hint}
          </p>
          {inputError && <FieldError id={`${inputId}-error`} message={inputError} />}
          <input
            id={inputId}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setInputError(undefined); // judged again on the next confirmation
            }}
            inputMode="numeric"
            aria-invalid={inputError ? true : undefined}
            aria-describedby={[`${inputId}-hint`, inputError ? `${inputId}-error` : ''].filter(Boolean).join(' ')}
            className={`text-std-16N-175 mt-2 block min-h-14 w-72 max-w-full rounded-8 border bg-white px-4 py-3 ${
              inputError ? 'border-2 border-red-900' : 'border-solid-gray-600'
            }`}
          />
        </div>
      )}
      {open.message && (
        <div className="mb-2">
          <label htmlFor={fieldId} className="text-std-17B-170 block">
            {open.message.label}
            {open.message.required && (
              <span className="text-std-16N-175 ml-2 inline-block rounded-4 bg-white px-1 text-red-900 ring-1 ring-red-900">必須</span>
            )}
          </label>
          <p id={`${fieldId}-hint`} className="text-std-16N-175 text-solid-gray-700">
            2000文字以内。事業所(求人者)へのメールとマイページに表示されます。
          </p>
          {fieldError && <FieldError id={`${fieldId}-error`} message={fieldError} />}
          <textarea
            id={fieldId}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            rows={4}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={[`${fieldId}-hint`, fieldError ? `${fieldId}-error` : ''].filter(Boolean).join(' ')}
            className={`text-std-16N-175 mt-2 block w-full rounded-8 border bg-white px-4 py-3 ${
              fieldError ? 'border-2 border-red-900' : 'border-solid-gray-600'
            }`}
          />
        </div>
      )}
      <ButtonRow>
        <Button onClick={submit} disabled={busy}>
          {open.label}を確定する
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            setOpen(undefined);
            setTop(undefined);
            setFieldError(undefined);
            setInputError(undefined);
          }}
          disabled={busy}
        >
          キャンセル
        </Button>
      </ButtonRow>
    </div>
  );
}

// useConfirmStep is a form whose checked value is confirmed before it is sent (a
// transfer, a disabled account): ask(v) opens the confirmation (ConfirmGroup), confirm
// runs the call; a refusal closes it and puts the server's field violations on the
// form (fields) and its message in the summary (top, focused through focusKey).
export function useConfirmStep<T extends FieldValues, V>(setError: UseFormSetError<T>, fields: readonly Path<T>[], run: (v: V) => Promise<void>) {
  const guard = useStaffGuard();
  const [pending, setPending] = useState<V>();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (pending === undefined) return;
    setBusy(true);
    setTop(undefined);
    try {
      await run(pending);
      setPending(undefined);
    } catch (e) {
      if (guard(e)) return;
      setPending(undefined);
      setTop(applyServerError(e, setError, fields));
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  };
  return {
    pending,
    ask: (v: V) => setPending(() => v),
    cancel: () => setPending(undefined),
    confirm,
    busy,
    top,
    focusKey,
    invalid: () => setFocusKey((k) => k + 1), // a client error: focus the summary
  };
}

// ConfirmGroup is the confirmation of one decision made outside a worklist card (a
// transfer, a disabled account): what happens, 「…を確定する」 and キャンセル; it takes the
// focus when it opens.
export function ConfirmGroup({
  id,
  title,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
  children,
}: {
  id: string;
  title: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div
      ref={box}
      tabIndex={-1}
      role="group"
      aria-labelledby={`${id}-title`}
      className="mt-4 rounded-8 border-2 border-blue-900 bg-blue-50 p-4 focus:outline-none"
    >
      <h2 id={`${id}-title`} className="text-std-17B-170 mb-2">
        {title}
      </h2>
      <p className="text-std-16N-175">{children}</p>
      <ButtonRow>
        <Button onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          キャンセル
        </Button>
      </ButtonRow>
    </div>
  );
}

export function SectionTitle({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h2 id={id} className="text-std-20B-150 mb-3 mt-8">
      {children}
    </h2>
  );
}

export function Card({ children, labelledBy }: { children: ReactNode; labelledBy: string }) {
  return (
    <li aria-labelledby={labelledBy} className="rounded-8 border border-solid-gray-420 bg-white p-4">
      {children}
    </li>
  );
}

export function Badge({ tone = 'info', children }: { tone?: 'info' | 'danger' | 'warning'; children: ReactNode }) {
  const tones = {
    info: 'bg-blue-50 text-blue-1000 ring-blue-900',
    danger: 'bg-red-50 text-red-1000 ring-red-900',
    warning: 'bg-yellow-50 text-solid-gray-900 ring-yellow-700',
  } as const;
  return <span className={`text-std-16B-175 ml-2 inline-block rounded-4 px-2 ring-1 ${tones[tone]}`}>{children}</span>;
}
