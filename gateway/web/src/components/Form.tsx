import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import type { FieldErrors, FieldValues, Path, UseFormRegisterReturn, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../lib/apiError';

// The form pieces of the design system: a label above the field, 必須 marks, hints and
// errors tied to the field with aria-describedby, and an error summary at the top
// whose links move the focus to the field.

export function RequiredMark() {
  return (
    <span className="text-std-16N-175 ml-2 inline-block rounded-4 bg-white px-1 text-red-900 ring-1 ring-red-900">
      必須
    </span>
  );
}

type TextFieldProps = {
  id: string;
  label: ReactNode;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  width?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'required'>;

export function TextField({ id, label, registration, error, hint, required = true, width = 'w-full', ...input }: TextFieldProps) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="mb-6">
      <label htmlFor={id} className="text-std-17B-170 block">
        {label}
        {required && <RequiredMark />}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="text-std-16N-175 text-solid-gray-700">
          {hint}
        </p>
      )}
      {error && <FieldError id={`${id}-error`} message={error} />}
      <input
        id={id}
        {...input}
        {...registration}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        aria-required={required || undefined}
        className={`text-std-16N-175 mt-2 block min-h-14 ${width} max-w-full rounded-8 border bg-white px-4 py-3 ${
          error ? 'border-2 border-red-900' : 'border-solid-gray-600'
        } hover:border-black`}
      />
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} className="text-std-16N-175 mt-1 font-bold text-red-900">
      <span aria-hidden="true">＊</span>
      {message}
    </p>
  );
}

export function Checkbox({
  id,
  label,
  registration,
  error,
}: {
  id: string;
  label: ReactNode;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
}) {
  return (
    <div className="mb-4">
      {error && <FieldError id={`${id}-error`} message={error} />}
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          {...registration}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`mt-1 size-6 shrink-0 accent-blue-900 ${error ? 'outline-2 outline-red-900' : ''}`}
        />
        <label htmlFor={id} className="text-std-16N-175">
          {label}
        </label>
      </div>
    </div>
  );
}

export type SummaryItem = { id: string; message: string };

// ErrorSummary lists what to fix, each a link to its field, under the server's message.
// It takes the focus each time a submission fails (focusKey changes), so screen
// readers read it and keyboard users continue from it.
export function ErrorSummary({ message, items, focusKey }: { message?: string | undefined; items: SummaryItem[]; focusKey: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = Boolean(message) || items.length > 0;
  useEffect(() => {
    if (focusKey > 0 && shown) ref.current?.focus();
  }, [focusKey, shown]);
  if (!shown) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
      className="mb-8 rounded-8 border-2 border-red-900 bg-red-50 p-4 md:p-6"
    >
      <h2 id="error-summary-title" className="text-std-20B-150 text-red-1000">
        {message ?? '入力内容にエラーがあります。'}
      </h2>
      {items.length > 0 && (
        <ul className="text-std-16N-175 mt-2 list-disc space-y-1 pl-6">
          {items.map((it) => (
            <li key={it.id}>
              <a
                href={`#${it.id}`}
                className="text-red-1000"
                onClick={(e) => {
                  e.preventDefault();
                  const el = document.getElementById(it.id);
                  el?.focus();
                  el?.scrollIntoView({ block: 'center' });
                }}
              >
                {it.message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// summaryItems lists the form's field errors in the order the fields appear.
export function summaryItems<T extends FieldValues>(errors: FieldErrors<T>, order: readonly Path<T>[]): SummaryItem[] {
  const out: SummaryItem[] = [];
  for (const name of order) {
    const e = errors[name];
    const message = e && typeof e.message === 'string' ? e.message : '';
    if (message) out.push({ id: name, message });
  }
  return out;
}

// applyServerError puts the server's field violations (BadRequest) on the form's
// fields and returns the text for the top of the form (LocalizedMessage). fieldMap
// maps API field paths to form fields where their names differ.
export function applyServerError<T extends FieldValues>(
  err: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  fieldMap: Record<string, Path<T>> = {},
): string {
  if (!(err instanceof ApiError)) return 'システムエラーが発生しました。時間をおいて再度お試しください。';
  const unplaced: string[] = [];
  for (const [apiField, message] of Object.entries(err.fields)) {
    const name = fieldMap[apiField] ?? (fields.includes(apiField as Path<T>) ? (apiField as Path<T>) : undefined);
    if (name) setError(name, { type: 'server', message });
    else unplaced.push(message);
  }
  return [err.localized, ...unplaced].join(' ');
}

export function Notice({ children, tone = 'info', title }: { children: ReactNode; tone?: 'info' | 'success' | 'warning'; title?: string }) {
  const tones = {
    info: 'border-blue-900 bg-blue-50',
    success: 'border-green-900 bg-green-50',
    warning: 'border-yellow-700 bg-yellow-50',
  } as const;
  return (
    <div className={`text-std-16N-175 mb-6 rounded-8 border-l-8 p-4 ${tones[tone]}`}>
      {title && <p className="text-std-17B-170 mb-1">{title}</p>}
      <div className="space-y-2">{children}</div>
    </div>
  );
}

// ChoiceGroup serves the longer forms (the posting wizard): a radio group or a group
// of checkboxes, with the same label, hint and error layout as TextField (the text
// area and the select are in Fields.tsx).

type ChoiceProps = {
  id: string;
  label: ReactNode;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
};

// describedBy is the aria-describedby of a field: its hint, its error, and extra ids
// (e.g. a character counter).
export function describedBy(id: string, hint: unknown, error: unknown, extra = ''): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : '', extra].filter(Boolean).join(' ') || undefined;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={`${id}-hint`} className="text-std-16N-175 text-solid-gray-700">
      {hint}
    </p>
  ) : null;
}

// ChoiceGroup is a fieldset of radios (one code) or checkboxes (several); the first
// input carries the field's id so that the error summary's link reaches it.
export function ChoiceGroup({
  id,
  label,
  registration,
  error,
  hint,
  required = false,
  options,
  multiple = false,
}: ChoiceProps & { options: ReadonlyArray<readonly [string, string]>; multiple?: boolean }) {
  return (
    <fieldset className="mb-6" aria-describedby={describedBy(id, hint, error)}>
      <legend className="text-std-17B-170">
        {label}
        {required && <RequiredMark />}
      </legend>
      <Hint id={id} hint={hint} />
      {error && <FieldError id={`${id}-error`} message={error} />}
      <div className={`mt-2 ${multiple ? 'flex flex-wrap gap-x-6 gap-y-2' : 'space-y-2'}`}>
        {options.map(([v, l], i) => (
          <div key={v} className="flex items-start gap-2">
            <input
              id={i === 0 ? id : `${id}-${v}`}
              type={multiple ? 'checkbox' : 'radio'}
              value={v}
              {...registration}
              aria-invalid={error ? true : undefined}
              className="mt-1 size-6 shrink-0 accent-blue-900"
            />
            <label htmlFor={i === 0 ? id : `${id}-${v}`} className="text-std-16N-175">
              {l}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
