import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState, type ReactNode } from 'react';
import { useForm, type Path, type Resolver } from 'react-hook-form';
import { Link } from 'react-router';
import { ApiError } from '../lib/apiError';
import { fieldName, formFieldIn, loadLocal, sameValues, saveLocal, schemaOf, shownFields, shownValues, type FieldDef, type FormValues } from '../lib/postingForm';
import { useSessionGuard } from '../lib/session';
import { Button, ButtonRow } from './Button';
import { ErrorSummary, Notice, type SummaryItem } from './Form';

// One section of a wizard whose sections are saved one by one (the posting wizard,
// JOB-1; 事業所情報の仮登録, OPEN-1), beside FieldByDef and SectionNav: the form on the
// section's field rules, what is typed kept in localStorage at every change, and the
// save that puts the service's field violations on their fields and the rest at the
// top. What saving means (the API call, warnings to confirm) is the caller's send.

export const errorText = (e: unknown) => (e instanceof ApiError ? e.localized : 'システムエラーが発生しました。時間をおいて再度お試しください。');

// send saves the validated values and returns the notice to show, or undefined when
// nothing was saved yet (warnings to confirm: the summary takes the focus again). A
// thrown ApiError is shown on the fields and at the top.
type Send = (values: FormValues, goNext: boolean) => Promise<string | undefined>;

export function useSectionForm({
  store,
  section,
  defs,
  server,
  prefix,
  onChange,
  send,
  initialErrors = [],
}: {
  store: string; // the localStorage copy: a posting id, change-<id>, an establishment id
  section: string; // the section key, also the prefix of its API field paths
  defs: readonly FieldDef[];
  server: FormValues; // what the server holds for the section
  prefix?: string | undefined; // the localStorage prefix (postingForm's by default)
  onChange: () => void;
  send: Send;
  // Violations found before the section opened (the whole check at 申込み), put on
  // their fields once when it opens.
  initialErrors?: readonly { field: string; message: string }[];
}) {
  const guard = useSessionGuard();
  const local = loadLocal(store, section, prefix);
  // Whether the section opened with unsaved input of an earlier visit (not what is being typed now).
  const [restored] = useState(() => local !== undefined && !sameValues(shownValues(defs, local), shownValues(defs, server)));
  const form = useForm<FormValues>({ resolver: zodResolver(schemaOf(defs)) as unknown as Resolver<FormValues>, defaultValues: local ?? server });
  const { handleSubmit, setError, watch } = form;
  const errors = form.formState.errors;
  const [topMessage, setTopMessage] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let placed = false;
    for (const v of initialErrors) {
      const name = formFieldIn(defs, section, v.field);
      if (!name) continue;
      setError(name as Path<FormValues>, { type: 'server', message: v.message });
      placed = true;
    }
    if (placed) setAttempt((n) => n + 1);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on opening only
  }, []);

  // Every change is kept locally at once (nothing typed is lost).
  useEffect(() => {
    const sub = watch((values) => {
      saveLocal(store, section, values as FormValues, prefix);
      onChange();
    });
    return () => sub.unsubscribe();
  }, [watch, store, section, prefix, onChange]);

  const save = (goNext: boolean) =>
    handleSubmit(
      async (values) => {
        setTopMessage(undefined);
        setNotice(undefined);
        try {
          const done = await send(values, goNext);
          if (done === undefined) setAttempt((n) => n + 1);
          else setNotice(done);
        } catch (e) {
          if (guard(e)) return;
          const unplaced: string[] = [];
          if (e instanceof ApiError) {
            for (const v of e.violations) {
              const name = formFieldIn(defs, section, v.field);
              if (name) setError(name as Path<FormValues>, { type: 'server', message: v.message });
              else unplaced.push(v.message);
            }
          }
          setTopMessage([errorText(e), ...unplaced].join(' '));
          setAttempt((n) => n + 1);
        }
      },
      () => setAttempt((n) => n + 1),
    );

  // Only fields on the screen: the summary links to its fields.
  const items: SummaryItem[] = shownFields(defs, form.getValues())
    .map((d) => fieldName(d.path))
    .filter((n) => errors[n]?.message)
    .map((n) => ({ id: n, message: String(errors[n]?.message) }));

  return { form, errors, restored, topMessage, notice, attempt, items, save };
}

export type SectionFormState = ReturnType<typeof useSectionForm>;

// SectionFrame lays a section out: its heading, the error summary, the saved notice,
// the restored-input notice, the caller's warnings, the fields (children), 保存する /
// 保存して次へ進む, and the link back to the previous section.
export function SectionFrame({
  heading,
  state,
  warnings,
  showRestored = true,
  prev,
  children,
}: {
  heading: ReactNode;
  state: SectionFormState;
  warnings?: ReactNode;
  showRestored?: boolean;
  prev?: { key: string; title: string } | undefined;
  children: ReactNode;
}) {
  const { restored, topMessage, notice, attempt, items, save } = state;
  const { isSubmitting } = state.form.formState;
  return (
    <section aria-labelledby="section-title">
      <h2 id="section-title" className="text-std-24B-150 mb-4">
        {heading}
      </h2>
      <ErrorSummary message={topMessage} items={items} focusKey={attempt} />
      {notice && (
        <Notice tone="success">
          <p role="status">{notice}</p>
        </Notice>
      )}
      {restored && !notice && showRestored && (
        <Notice tone="info">
          <p>保存されていない入力内容を復元しました。内容を確認して「保存する」を押してください。</p>
        </Notice>
      )}
      {warnings}
      <form noValidate onSubmit={save(false)}>
        {children}
        <ButtonRow>
          <Button type="submit" variant="secondary" disabled={isSubmitting}>
            保存する
          </Button>
          <Button onClick={save(true)} disabled={isSubmitting}>
            保存して次へ進む
          </Button>
        </ButtonRow>
        {prev && (
          <p className="mt-6">
            <Link to={`?section=${prev.key}`}>前の項目（{prev.title}）へ戻る</Link>
          </p>
        )}
      </form>
    </section>
  );
}
