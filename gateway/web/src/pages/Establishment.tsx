import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useNavigate } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { applyServerError, ErrorSummary, FieldError, Notice, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { ApiError } from '../lib/apiError';
import { formatDateTime } from '../lib/dates';
import { useSessionGuard } from '../lib/session';
import { establishmentChangeForm, imageProblem, maxImageBytes, maxImages, type EstablishmentChangeForm } from '../lib/validation';

// 事業所情報・設定 → 事業所情報 (EST-1: view, apply for a change, its review status) and
// 画像情報 (IMG-1: up to 10 images of at most 2 MB, previewed before the upload,
// published after the office's check).

type Establishment = Schemas['hellowork.employer_registration.v1.Establishment'];
type Change = Schemas['hellowork.employer_registration.v1.EstablishmentChange'];
type Image = Schemas['hellowork.employer_registration.v1.Image'];

type Loaded<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; value: T };

// useEstablishment loads the signed-in account's establishment.
function useEstablishment(): [Loaded<Establishment>, () => Promise<void>] {
  const guard = useSessionGuard();
  const [state, setState] = useState<Loaded<Establishment>>({ kind: 'loading' });
  const load = useCallback(async () => {
    try {
      const me = await call(api.GET('/v1/identity/account'));
      if (!me.establishment_id) {
        setState({ kind: 'error', message: '事業所情報は、マイページ開設後に表示されます。' });
        return;
      }
      const e = await call(api.GET('/v1/establishments/{establishment_id}', { params: { path: { establishment_id: me.establishment_id } } }));
      setState({ kind: 'ready', value: e });
    } catch (e) {
      if (!guard(e)) setState({ kind: 'error', message: e instanceof ApiError ? e.localized : 'システムエラーが発生しました。' });
    }
  }, [guard]);
  useEffect(() => {
    void load();
  }, [load]);
  return [state, load];
}

const changeStates: Record<string, string> = {
  CHANGE_STATE_PENDING: 'ハローワーク確認中',
  CHANGE_STATE_APPROVED: '変更済み',
  CHANGE_STATE_REJECTED: '差戻し',
};

const sectionNames: Record<number, string> = { 1: '会社情報', 2: '事業所情報', 3: '事業所詳細情報', 4: '就業場所情報', 5: 'PR情報' };

function Loading() {
  return (
    <p role="status" className="text-std-16N-175">
      読み込み中です…
    </p>
  );
}

// EstablishmentPage shows the registered information and the change applications.
export function EstablishmentPage() {
  const guard = useSessionGuard();
  const [est] = useEstablishment();
  const [changes, setChanges] = useState<Change[]>();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const id = est.kind === 'ready' ? est.value.establishment_id : undefined;
  useEffect(() => {
    if (!id) return;
    (async () => {
      try {
        const res = await call(api.GET('/v1/establishment-changes', { params: { query: { establishment_id: id, page_size: 20 } } }));
        setChanges(res.changes ?? []);
      } catch (e) {
        guard(e);
      }
    })();
  }, [id, guard]);
  const p = est.kind === 'ready' ? est.value.profile : undefined;
  const pending = (changes ?? []).some((c) => c.state === 'CHANGE_STATE_PENDING');
  return (
    <Page title="事業所情報" lead={<p>ハローワークに登録されている事業所情報を確認できます。変更する場合は「事業所情報の変更を申請」から申請してください。ハローワークが確認した後に反映されます。</p>}>
      {notice && (
        <Notice tone="success">
          <p role="status">{notice}</p>
        </Notice>
      )}
      {est.kind === 'loading' && <Loading />}
      {est.kind === 'error' && <Notice tone="warning">{est.message}</Notice>}
      {est.kind === 'ready' && (
        <>
          <section aria-labelledby="registered" className="mb-10">
            <h2 id="registered" className="text-std-20B-150 mb-2">
              登録内容
            </h2>
            <dl className="text-std-16N-175 grid grid-cols-1 gap-x-4 gap-y-1 rounded-8 border border-solid-gray-420 p-4 sm:grid-cols-[auto_1fr]">
              <dt className="font-bold">事業所番号</dt>
              <dd>{est.value.establishment_number}</dd>
              <dt className="font-bold">管轄安定所</dt>
              <dd>{est.value.office_name || est.value.office_code}</dd>
              <dt className="font-bold">事業所名</dt>
              <dd className="break-all">{p?.basic?.name}</dd>
              <dt className="font-bold">事業所名(カナ)</dt>
              <dd className="break-all">{p?.basic?.name_kana}</dd>
              <dt className="font-bold">所在地</dt>
              <dd className="break-all">
                {p?.basic?.postal_code ? `〒${p.basic.postal_code} ` : ''}
                {p?.basic?.address}
              </dd>
              <dt className="font-bold">電話番号</dt>
              <dd>{p?.basic?.phone_number}</dd>
              <dt className="font-bold">事業内容</dt>
              <dd className="break-all whitespace-pre-wrap">{p?.detail?.business_description}</dd>
              <dt className="font-bold">PR事項</dt>
              <dd className="break-all whitespace-pre-wrap">{p?.pr?.pr_text}</dd>
            </dl>
          </section>
          <div className="mb-10 flex flex-col gap-4 sm:flex-row">
            {pending ? (
              <p className="text-std-16N-175">ハローワークの確認待ちの変更申請があります。確認が終わってから申請してください。</p>
            ) : (
              <Link
                to="/establishment/change"
                className="text-std-16B-175 inline-flex min-h-12 items-center rounded-8 border border-blue-900 bg-white px-4 text-blue-900 no-underline hover:bg-blue-200 hover:underline"
              >
                事業所情報の変更を申請
              </Link>
            )}
            <Link
              to="/establishment/images"
              className="text-std-16B-175 inline-flex min-h-12 items-center rounded-8 border border-blue-900 bg-white px-4 text-blue-900 no-underline hover:bg-blue-200 hover:underline"
            >
              画像情報の登録・確認
            </Link>
          </div>
          <section aria-labelledby="changes">
            <h2 id="changes" className="text-std-20B-150 mb-2">
              変更申請の状況
            </h2>
            {changes === undefined && <Loading />}
            {changes?.length === 0 && <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">変更申請はありません。</p>}
            {changes && changes.length > 0 && (
              <ul className="space-y-3">
                {changes.map((c) => (
                  <li key={c.change_id} className="text-std-16N-175 rounded-8 border border-solid-gray-420 p-4">
                    <p>
                      <span className="font-bold">{c.create_time ? formatDateTime(c.create_time) : ''} 申請</span>
                      <span className="ml-3 rounded-4 bg-blue-50 px-2">{changeStates[c.state ?? ''] ?? '不明'}</span>
                    </p>
                    <p>変更した項目：{(c.sections ?? []).map((n) => sectionNames[n] ?? String(n)).join('、')}</p>
                    {c.proposed?.basic && (
                      <p className="break-all">
                        申請内容：{c.proposed.basic.name}　{c.proposed.basic.address}　{c.proposed.basic.phone_number}
                      </p>
                    )}
                    {c.review_message && <p>ハローワークからのメッセージ：{c.review_message}</p>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}

const changeOrder = ['name', 'name_kana', 'postal_code', 'address', 'phone_number', 'business_description', 'pr_text'] as const;
// API field paths of the proposed profile → form fields.
const changeFieldMap: Record<string, (typeof changeOrder)[number]> = {
  'proposed.basic.name': 'name',
  'proposed.basic.name_kana': 'name_kana',
  'proposed.basic.postal_code': 'postal_code',
  'proposed.basic.address': 'address',
  'proposed.basic.phone_number': 'phone_number',
  'proposed.detail.business_description': 'business_description',
  'proposed.pr.pr_text': 'pr_text',
  'basic.name': 'name',
  'basic.name_kana': 'name_kana',
  'basic.postal_code': 'postal_code',
  'basic.address': 'address',
  'basic.phone_number': 'phone_number',
  'detail.business_description': 'business_description',
  'pr.pr_text': 'pr_text',
};

// EstablishmentChangePage is 事業所情報の変更申請 (EST-1): the fields an employer changes
// most, on the registered values; only the changed sections are sent, each whole.
export function EstablishmentChangePage() {
  const navigate = useNavigate();
  const guard = useSessionGuard();
  const [est] = useEstablishment();
  const [top, setTop] = useState<string>();
  const [warnings, setWarnings] = useState(false);
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, dirtyFields },
  } = useForm<EstablishmentChangeForm>({
    resolver: zodResolver(establishmentChangeForm),
    defaultValues: { name: '', name_kana: '', postal_code: '', address: '', phone_number: '', business_description: '', pr_text: '' },
    shouldFocusError: false,
  });
  const loaded = useRef(false);
  useEffect(() => {
    if (est.kind !== 'ready' || loaded.current) return;
    loaded.current = true;
    const p = est.value.profile;
    reset({
      name: p?.basic?.name ?? '',
      name_kana: p?.basic?.name_kana ?? '',
      postal_code: p?.basic?.postal_code ?? '',
      address: p?.basic?.address ?? '',
      phone_number: p?.basic?.phone_number ?? '',
      business_description: p?.detail?.business_description ?? '',
      pr_text: p?.pr?.pr_text ?? '',
    });
  }, [est, reset]);
  if (est.kind !== 'ready') {
    return <Page title="事業所情報の変更申請">{est.kind === 'loading' ? <Loading /> : <Notice tone="warning">{est.message}</Notice>}</Page>;
  }
  const e = est.value;
  const onSubmit = async (v: EstablishmentChangeForm) => {
    setTop(undefined);
    const p = e.profile ?? {};
    const basicChanged = ['name', 'name_kana', 'postal_code', 'address', 'phone_number'].some((k) => dirtyFields[k as keyof EstablishmentChangeForm]);
    const proposed: Schemas['hellowork.employer_registration.v1.EstablishmentProfile'] = {};
    if (basicChanged) {
      proposed.basic = { ...p.basic, name: v.name, name_kana: v.name_kana, postal_code: v.postal_code, address: v.address, phone_number: v.phone_number };
    }
    if (dirtyFields.business_description) proposed.detail = { ...p.detail, business_description: v.business_description };
    if (dirtyFields.pr_text) proposed.pr = { ...p.pr, pr_text: v.pr_text };
    if (!proposed.basic && !proposed.detail && !proposed.pr) {
      setTop('変更する項目がありません。');
      setFocusKey((k) => k + 1);
      return;
    }
    try {
      await call(
        api.POST('/v1/establishments/{establishment_id}/changes', {
          params: { path: { establishment_id: e.establishment_id ?? '' } },
          body: { proposed, confirm_warnings: warnings },
        }),
      );
      navigate('/establishment', { replace: true, state: { notice: '事業所情報の変更を申請しました。ハローワークが確認した後に反映されます。' } });
    } catch (err) {
      if (guard(err)) return;
      if (err instanceof ApiError && err.reason === 'WARNINGS_NOT_CONFIRMED') setWarnings(true);
      setTop(applyServerError(err, setError, changeOrder, changeFieldMap));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <Page title="事業所情報の変更申請" lead={<p>変更する項目を入力し、「申請する」ボタンをクリックしてください。ハローワークが内容を確認した後に反映されます。</p>}>
      <ErrorSummary message={top} items={summaryItems(errors, changeOrder)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField id="name" label="事業所名" hint="200文字以内" registration={register('name')} error={errors.name?.message} />
        <TextField id="name_kana" label="事業所名(カナ)" hint="全角カタカナ200文字以内" required={false} registration={register('name_kana')} error={errors.name_kana?.message} />
        <TextField id="postal_code" label="郵便番号" hint="例：100-8916" required={false} width="w-48" inputMode="numeric" registration={register('postal_code')} error={errors.postal_code?.message} />
        <TextField id="address" label="所在地" hint="300文字以内" registration={register('address')} error={errors.address?.message} />
        <TextField id="phone_number" label="電話番号" hint="半角数字とハイフン 例：03-1234-5678" width="w-64" inputMode="tel" registration={register('phone_number')} error={errors.phone_number?.message} />
        <TextArea id="business_description" label="事業内容" hint="1000文字以内" registration={register('business_description')} error={errors.business_description?.message} />
        <TextArea id="pr_text" label="PR事項" hint="1000文字以内" registration={register('pr_text')} error={errors.pr_text?.message} />
        {warnings && (
          <Notice tone="warning">
            <p>上記の注意事項を確認しました。このまま申請する場合は、もう一度「申請する」ボタンをクリックしてください。</p>
          </Notice>
        )}
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            申請する
          </Button>
          <Link to="/establishment" className="text-std-16N-175">
            キャンセル
          </Link>
        </ButtonRow>
      </form>
    </Page>
  );
}

function TextArea({ id, label, hint, registration, error }: { id: string; label: string; hint: string; registration: ReturnType<ReturnType<typeof useForm>['register']>; error?: string | undefined }) {
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="mb-6">
      <label htmlFor={id} className="text-std-17B-170 block">
        {label}
      </label>
      <p id={`${id}-hint`} className="text-std-16N-175 text-solid-gray-700">
        {hint}
      </p>
      {error && <FieldError id={`${id}-error`} message={error} />}
      <textarea
        id={id}
        rows={4}
        {...registration}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`text-std-16N-175 mt-2 block w-full rounded-8 border bg-white px-4 py-3 ${error ? 'border-2 border-red-900' : 'border-solid-gray-600'} hover:border-black`}
      />
    </div>
  );
}

const imageStates: Record<string, string> = {
  IMAGE_STATE_PENDING_REVIEW: 'ハローワーク確認中(非公開)',
  IMAGE_STATE_PUBLISHED: '公開中',
  IMAGE_STATE_REJECTED: '差戻し(非公開)',
};

// ImagesPage is 画像情報 (IMG-1) of an opened MyPage.
export function ImagesPage() {
  const [est] = useEstablishment();
  return (
    <Page
      title="画像情報"
      lead={<p>事業所の外観、職場風景、取扱商品などの画像を登録できます。登録した画像は、ハローワークが確認した後に公開されます。</p>}
    >
      {est.kind === 'loading' && <Loading />}
      {est.kind === 'error' && <Notice tone="warning">{est.message}</Notice>}
      {est.kind === 'ready' && <ImagesPanel establishmentId={est.value.establishment_id ?? ''} />}
    </Page>
  );
}

// ImagesPanel is the body of 画像情報 (IMG-1): the list with each image's review state,
// deletion after a confirmation, and an upload of one chosen file previewed first. The
// images screen of an opened MyPage and section 6 of 事業所情報の仮登録 (OPEN-1, the
// provisional owner before the opening) both show it; headingLevel is that of its two
// parts (画像の登録, 登録済みの画像) under the screen's own headings; onCount hears
// how many images the establishment has after each load.
export function ImagesPanel({ establishmentId: id, headingLevel = 2, onCount }: { establishmentId: string; headingLevel?: 2 | 3; onCount?: (n: number) => void }) {
  const guard = useSessionGuard();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const [images, setImages] = useState<Image[]>();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<string>();
  const [caption, setCaption] = useState('');
  const [fileError, setFileError] = useState<string>();
  const [top, setTop] = useState<string>();
  const [done, setDone] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [focusKey, setFocusKey] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    if (!id) return;
    try {
      const res = await call(api.GET('/v1/establishments/{establishment_id}/images', { params: { path: { establishment_id: id } } }));
      setImages(res.images ?? []);
      onCount?.((res.images ?? []).length);
    } catch (e) {
      if (!guard(e)) setTop(e instanceof ApiError ? e.localized : 'システムエラーが発生しました。');
    }
  }, [id, guard, onCount]);
  useEffect(() => {
    void load();
  }, [load]);

  const count = images?.length ?? 0;
  const choose = (f: File | undefined) => {
    setDone(undefined);
    setFile(f);
    setPreview(undefined);
    setFileError(undefined);
    if (!f) return;
    const problem = imageProblem(f, count);
    if (problem) {
      setFileError(problem);
      return;
    }
    // A data: URL (the page's Content-Security-Policy allows data: images, not blob:).
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === 'string' ? reader.result : undefined);
    reader.readAsDataURL(f);
  };
  const upload = async () => {
    setTop(undefined);
    if (!file) {
      setFileError('登録する画像ファイルを選択してください。');
      setFocusKey((k) => k + 1);
      return;
    }
    if (fileError) {
      setFocusKey((k) => k + 1);
      return;
    }
    setBusy(true);
    try {
      const fd = new FormData();
      fd.append('file', file, file.name);
      if (caption) fd.append('caption', caption);
      await call(
        api.POST('/v1/establishments/{establishment_id}/images', {
          params: { path: { establishment_id: id } },
          body: { file: file.name, caption },
          bodySerializer: () => fd,
        }),
      );
      setDone(`画像「${caption || file.name}」を登録しました。ハローワークが確認した後に公開されます。`);
      setFile(undefined);
      setPreview(undefined);
      setCaption('');
      if (input.current) input.current.value = '';
      await load();
    } catch (e) {
      if (guard(e)) return;
      if (e instanceof ApiError) {
        // The server's refusal (size, type, count, dimensions) goes on the file field.
        const onFile = e.fields.content ?? e.fields.file ?? (e.status === 413 ? '画像のサイズは1ファイルにつき2MBまでです。' : undefined);
        setFileError(onFile ?? e.localized);
        setTop(e.localized);
      } else {
        setTop('システムエラーが発生しました。');
      }
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (img: Image) => {
    setBusy(true);
    setTop(undefined);
    try {
      await call(api.DELETE('/v1/establishments/{establishment_id}/images/{image_id}', { params: { path: { establishment_id: id, image_id: img.image_id ?? '' } } }));
      setConfirming(undefined);
      setDone(`画像「${img.caption || '(説明なし)'}」を削除しました。`);
      await load();
    } catch (e) {
      if (!guard(e)) setTop(e instanceof ApiError ? e.localized : 'システムエラーが発生しました。');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {done && (
        <Notice tone="success">
          <p role="status">{done}</p>
        </Notice>
      )}
      <ErrorSummary message={top} items={fileError ? [{ id: 'image-file', message: fileError }] : []} focusKey={focusKey} />
      <section aria-labelledby="upload" className="mb-10">
        <H id="upload" className="text-std-20B-150 mb-2">
          画像の登録
        </H>
        <p className="text-std-16N-175 mb-4">
          登録できる画像情報は{maxImages}ファイルまでです(サイズ：1ファイルにつき{maxImageBytes / 1024 / 1024}MBまで　形式：JPEG、GIF、PNG、BMP)。現在{count}
          ファイル登録しています。
        </p>
        {count >= maxImages ? (
          <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">画像は{maxImages}ファイルまで登録できます。登録するには、不要な画像を削除してください。</p>
        ) : (
          <>
            <div className="mb-6">
              <label htmlFor="image-file" className="text-std-17B-170 block">
                画像ファイル
              </label>
              {fileError && <FieldError id="image-file-error" message={fileError} />}
              <input
                ref={input}
                id="image-file"
                type="file"
                accept="image/jpeg,image/gif,image/png,image/bmp"
                aria-invalid={fileError ? true : undefined}
                aria-describedby={fileError ? 'image-file-error' : undefined}
                onChange={(ev) => choose(ev.target.files?.[0])}
                className="text-std-16N-175 mt-2 block w-full"
              />
            </div>
            {preview && (
              <figure className="mb-6">
                <img src={preview} alt="登録する画像のプレビュー" className="max-h-64 max-w-full rounded-8 border border-solid-gray-420" />
                <figcaption className="text-std-16N-175 text-solid-gray-700">
                  プレビュー：{file?.name}({file ? Math.ceil(file.size / 1024) : 0}KB)
                </figcaption>
              </figure>
            )}
            <div className="mb-6">
              <label htmlFor="image-caption" className="text-std-17B-170 block">
                画像の説明
              </label>
              <p id="image-caption-hint" className="text-std-16N-175 text-solid-gray-700">
                例：外観、職場風景、取扱商品(100文字以内)
              </p>
              <input
                id="image-caption"
                maxLength={100}
                value={caption}
                onChange={(ev) => setCaption(ev.target.value)}
                aria-describedby="image-caption-hint"
                className="text-std-16N-175 mt-2 block min-h-14 w-full rounded-8 border border-solid-gray-600 bg-white px-4 py-3 hover:border-black"
              />
            </div>
            <ButtonRow>
              <Button onClick={upload} disabled={busy}>
                登録する
              </Button>
            </ButtonRow>
          </>
        )}
      </section>
      <section aria-labelledby="list">
        <H id="list" className="text-std-20B-150 mb-2">
          登録済みの画像
        </H>
        {images === undefined && <Loading />}
        {images?.length === 0 && <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">登録されている画像はありません。</p>}
        {images && images.length > 0 && (
          <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            {images.map((img) => (
              <li key={img.image_id} className="text-std-16N-175 rounded-8 border border-solid-gray-420 p-4">
                <img
                  src={`/v1/establishments/${id}/images/${img.image_id ?? ''}/content`}
                  alt={img.caption || '登録した画像'}
                  className="mb-2 max-h-48 max-w-full"
                  loading="lazy"
                />
                <p className="font-bold break-all">{img.caption || '(説明なし)'}</p>
                <p>
                  状態：<span className="font-bold">{imageStates[img.state ?? ''] ?? '不明'}</span>
                </p>
                {img.review_message && <p>ハローワークからのメッセージ：{img.review_message}</p>}
                <p className="text-solid-gray-700">
                  {img.width}×{img.height}　{img.create_time ? formatDateTime(img.create_time) : ''}
                </p>
                {confirming === img.image_id ? (
                  <div role="group" aria-label="削除の確認" className="mt-3 rounded-8 bg-yellow-50 p-4">
                    <p className="mb-3">この画像を削除しますか。</p>
                    <div className="flex flex-col gap-3 sm:flex-row">
                      <Button onClick={() => remove(img)} disabled={busy}>
                        削除する
                      </Button>
                      <Button variant="secondary" onClick={() => setConfirming(undefined)} disabled={busy}>
                        キャンセル
                      </Button>
                    </div>
                  </div>
                ) : (
                  <Button variant="secondary" className="mt-3" onClick={() => setConfirming(img.image_id)} aria-label={`画像「${img.caption || '(説明なし)'}」を削除`}>
                    削除
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
