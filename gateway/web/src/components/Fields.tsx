import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { describedBy, FieldError, RequiredMark } from './Form';

// More form pieces in the design system's patterns, beside Form.tsx's TextField and
// Checkbox: a multi-line text area (with an optional character counter), a radio
// group as a fieldset with its legend, a select. Labels above, hints and errors tied
// with aria-describedby, 必須 marks, errors in red above the field.

const box = (error: boolean) =>
  `text-std-16N-175 mt-2 block w-full max-w-full rounded-8 border bg-white px-4 py-3 ${error ? 'border-2 border-red-900' : 'border-solid-gray-600'} hover:border-black`;

export function TextArea({
  id,
  label,
  registration,
  error,
  hint,
  required = true,
  counter,
  ...rest
}: {
  id: string;
  label: ReactNode;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  // counter shows 「N／max文字」 under the field (max in characters).
  counter?: { count: number; max: number } | undefined;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'required'>) {
  const over = counter ? counter.count > counter.max : false;
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
      <textarea
        id={id}
        rows={6}
        {...rest}
        {...registration}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error), counter ? `${id}-counter` : '')}
        aria-required={required || undefined}
        className={box(Boolean(error))}
      />
      {counter && (
        <p id={`${id}-counter`} className={`text-std-16N-175 mt-1 text-right ${over ? 'font-bold text-red-900' : 'text-solid-gray-700'}`}>
          {counter.count.toLocaleString('ja-JP')}／{counter.max.toLocaleString('ja-JP')}文字
        </p>
      )}
    </div>
  );
}

export function RadioGroup({
  id,
  legend,
  options,
  registration,
  error,
  hint,
  required = true,
}: {
  id: string;
  legend: ReactNode;
  options: readonly { value: string; label: ReactNode }[];
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
}) {
  return (
    <fieldset className="mb-6" aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}>
      <legend className="text-std-17B-170">
        {legend}
        {required && <RequiredMark />}
      </legend>
      {hint && (
        <p id={`${id}-hint`} className="text-std-16N-175 text-solid-gray-700">
          {hint}
        </p>
      )}
      {error && <FieldError id={`${id}-error`} message={error} />}
      <div className="mt-2 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:gap-6">
        {options.map((o, i) => (
          <div key={o.value} className="flex items-center gap-2">
            {/* The first radio carries the group's id, so the error summary's link lands on the group. */}
            <input
              id={i === 0 ? id : `${id}-${o.value}`}
              type="radio"
              value={o.value}
              {...registration}
              aria-invalid={error ? true : undefined}
              className="size-6 accent-blue-900"
            />
            <label htmlFor={i === 0 ? id : `${id}-${o.value}`} className="text-std-16N-175">
              {o.label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function Select({
  id,
  label,
  registration,
  options,
  error,
  hint,
  required = false,
  empty = '指定なし',
  ...rest
}: {
  id: string;
  label: ReactNode;
  registration: UseFormRegisterReturn;
  options: readonly { value: string; label: string; disabled?: boolean }[];
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  empty?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'required'>) {
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
      <select
        id={id}
        {...rest}
        {...registration}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}
        aria-required={required || undefined}
        className={`${box(Boolean(error))} min-h-14 sm:w-auto`}
      >
        <option value="">{empty}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

// Loading, empty and load-error states of a list or a screen.
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

// Facts is a definition list of label → value, skipping empty values.
export function Facts({ items, className = '' }: { items: readonly [string, ReactNode][]; className?: string }) {
  const shown = items.filter(([, v]) => v !== '' && v !== undefined && v !== null && v !== false);
  return (
    <dl className={`text-std-16N-175 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[minmax(9rem,auto)_1fr] ${className}`}>
      {shown.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-bold sm:mt-0 mt-2">{k}</dt>
          <dd className="break-words whitespace-pre-wrap">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
