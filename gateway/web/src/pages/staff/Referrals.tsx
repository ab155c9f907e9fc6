import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, type Schemas } from '../../api/client';
import { Button, ButtonRow } from '../../components/Button';
import { applyServerError, ErrorSummary, Notice, summaryItems, TextField } from '../../components/Form';
import { Page } from '../../components/Page';
import { useStaff } from '../../components/StaffSignedIn';
import { ApiError } from '../../lib/apiError';
import { formatDateTime, formatWareki } from '../../lib/dates';
import { jstLocalToRFC3339, referralForm, withHyphen, type ReferralForm, type ReferralFormInput } from '../../lib/staffValidation';
import { Facts, useStaffGuard } from './common';

type Letter = Schemas['hellowork.applicant_selection.v1.ReferralLetter'];
type Chosen = { postingId: string; jobNumber: string; occupation: string; establishment: string; office: string };

const order = ['job_number', 'seeker_number', 'method', 'interview_at', 'place', 'documents'] as const;
const fieldMap: Record<string, (typeof order)[number]> = {
  posting_id: 'job_number',
  seeker_number: 'seeker_number',
  'selection.method': 'method',
  'selection.interview_at': 'interview_at',
  'selection.place': 'place',
  documents: 'documents',
};

// findPosting resolves a 求人番号 to a posting: the office's own postings first
// (ListOfficePostings), then any office's published posting (GetPublishedPosting), as
// a counter referral may be to a posting of any office (APP-1).
async function findPosting(jobNumber: string): Promise<Chosen | undefined> {
  const own = await call(api.GET('/v1/staff/postings:lookup', { params: { query: { job_number: jobNumber } } }));
  const p = own.postings?.[0];
  if (p?.posting_id) {
    return { postingId: p.posting_id, jobNumber: p.job_number ?? jobNumber, occupation: p.content?.job?.occupation ?? '', establishment: '', office: p.office_code ?? '' };
  }
  try {
    const pub = await call(api.GET('/v1/public/postings/{posting_id}', { params: { path: { posting_id: jobNumber } } }));
    if (pub.posting_id) {
      return { postingId: pub.posting_id, jobNumber: pub.job_number ?? jobNumber, occupation: pub.occupation ?? pub.content?.job?.occupation ?? '', establishment: pub.establishment_name ?? '', office: '' };
    }
  } catch (e) {
    // Unknown, not published or not public: no posting to refer to by this number.
    if (!(e instanceof ApiError && (e.status === 404 || e.status === 400))) throw e;
  }
  return undefined;
}

// ReferralPage is 窓口紹介 (APP-1): staff choose a posting (any office's, by 求人番号)
// and a registered seeker (求職番号), confirm, and issue the 紹介状, shown for
// printing.
export function ReferralPage() {
  const guard = useStaffGuard();
  const me = useStaff();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [confirm, setConfirm] = useState<{ v: ReferralForm; posting: Chosen }>();
  const [letter, setLetter] = useState<{ letter: Letter; establishment: string }>();
  const [busy, setBusy] = useState(false);
  const [officeName, setOfficeName] = useState('');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirm || letter) box.current?.focus();
  }, [confirm, letter]);
  useEffect(() => {
    const code = me?.office_code;
    if (!code) return;
    call(api.GET('/v1/offices', { params: { query: { prefecture_code: code.slice(0, 2) } } }))
      .then((r) => setOfficeName(r.offices?.find((o) => o.office_code === code)?.name ?? ''))
      .catch(() => undefined);
  }, [me?.office_code]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ReferralFormInput, unknown, ReferralForm>({
    resolver: zodResolver(referralForm),
    defaultValues: { job_number: '', seeker_number: '', method: '', interview_at: '', place: '', documents: '' },
    shouldFocusError: false,
  });

  const onSubmit = async (v: ReferralForm) => {
    setTop(undefined);
    try {
      const posting = await findPosting(withHyphen(v.job_number));
      if (!posting) {
        setError('job_number', { type: 'server', message: '求人番号に該当する紹介可能な求人が見つかりません。' });
        setFocusKey((k) => k + 1);
        return;
      }
      setConfirm({ v, posting });
    } catch (e) {
      if (guard(e)) return;
      setTop(applyServerError(e, setError, order, fieldMap));
      if (e instanceof ApiError && e.reason === 'JOB_NUMBER_INVALID' && !e.fields.job_number) {
        setError('job_number', { type: 'server', message: e.localized });
      }
      setFocusKey((k) => k + 1);
    }
  };

  const issue = async () => {
    if (!confirm) return;
    const { v, posting } = confirm;
    setBusy(true);
    try {
      const ap = await call(
        api.POST('/v1/staff/referrals', {
          body: {
            posting_id: posting.postingId,
            seeker_number: withHyphen(v.seeker_number),
            selection: { method: v.method, interview_at: jstLocalToRFC3339(v.interview_at), place: v.place },
            documents: v.documents,
            office_name: officeName,
          },
        }),
      );
      const detail = await call(api.GET('/v1/applicants/{applicant_id}', { params: { path: { applicant_id: ap.applicant_id ?? '' } } }));
      setLetter({ letter: detail.letter ?? {}, establishment: posting.establishment });
      setConfirm(undefined);
    } catch (e) {
      if (guard(e)) return;
      setConfirm(undefined);
      setTop(applyServerError(e, setError, order, fieldMap));
      setFocusKey((k) => k + 1);
    } finally {
      setBusy(false);
    }
  };

  if (letter) {
    const l = letter.letter;
    return (
      <Page title="紹介状">
        <Notice tone="success">
          <p role="status">紹介状を発行しました。印刷して求職者にお渡しください。</p>
        </Notice>
        <div ref={box} tabIndex={-1} id="referral-letter" className="rounded-8 border-2 border-solid-gray-900 bg-white p-4 focus:outline-none">
          <h2 className="text-std-20B-150 mb-3">紹介状</h2>
          <Facts
            rows={[
              ['紹介状番号', l.letter_number],
              ['紹介年月日', l.referred_on ? formatWareki(l.referred_on) : ''],
              ['紹介安定所', l.referring_office?.name || l.referring_office?.code],
              ['求人番号', l.job_number],
              ['事業所名', letter.establishment],
              ['職種', l.occupation],
              ['求職番号', l.seeker_number],
              ['氏名', l.seeker_name],
              ['氏名(カナ)', l.seeker_kana],
              ['年齢', l.seeker_age && l.seeker_age > 0 ? `${l.seeker_age}歳` : ''],
              ['選考方法', l.selection?.method],
              ['面接予定日時', l.selection?.interview_at ? formatDateTime(l.selection.interview_at) : ''],
              ['面接場所', l.selection?.place],
              ['持参書類', l.documents],
            ]}
          />
        </div>
        <ButtonRow>
          <Button onClick={() => window.print()}>印刷</Button>
          <Button variant="secondary" onClick={() => setLetter(undefined)}>
            続けて紹介する
          </Button>
        </ButtonRow>
      </Page>
    );
  }

  if (confirm) {
    const { v, posting } = confirm;
    return (
      <Page title="窓口紹介の確認">
        <div ref={box} tabIndex={-1} className="focus:outline-none">
          <p className="text-std-16N-175 mb-4">次の内容で紹介状を発行します。よろしければ「紹介状を発行」を押してください。</p>
          <Facts
            rows={[
              ['求人番号', posting.jobNumber],
              ['職種', posting.occupation],
              ['事業所名', posting.establishment],
              ['求職番号', withHyphen(v.seeker_number)],
              ['選考方法', v.method],
              ['面接予定日時', v.interview_at ? formatDateTime(jstLocalToRFC3339(v.interview_at)) : ''],
              ['面接場所', v.place],
              ['持参書類', v.documents],
              ['紹介安定所', officeName],
            ]}
          />
        </div>
        <ButtonRow>
          <Button onClick={issue} disabled={busy}>
            紹介状を発行
          </Button>
          <Button variant="secondary" onClick={() => setConfirm(undefined)} disabled={busy}>
            戻る
          </Button>
        </ButtonRow>
      </Page>
    );
  }

  return (
    <Page title="窓口紹介" lead={<p>求人(全国の安定所の求人)と求職者を選んで、紹介状を発行します。</p>}>
      <ErrorSummary message={top} items={summaryItems(errors, order)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="job_number"
          label="求人番号"
          hint="半角数字5桁-8桁(例：13010-12345678)"
          width="w-72"
          inputMode="numeric"
          registration={register('job_number')}
          error={errors.job_number?.message}
        />
        <TextField
          id="seeker_number"
          label="求職番号"
          hint="半角数字5桁-8桁"
          width="w-72"
          inputMode="numeric"
          registration={register('seeker_number')}
          error={errors.seeker_number?.message}
        />
        <TextField id="method" label="選考方法" required={false} hint="例：書類選考・面接" registration={register('method')} error={errors.method?.message} />
        <TextField
          id="interview_at"
          label="面接予定日時"
          type="datetime-local"
          required={false}
          width="w-72"
          registration={register('interview_at')}
          error={errors.interview_at?.message}
        />
        <TextField id="place" label="面接場所" required={false} registration={register('place')} error={errors.place?.message} />
        <TextField id="documents" label="持参書類" required={false} hint="例：履歴書、職務経歴書" registration={register('documents')} error={errors.documents?.message} />
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            確認
          </Button>
        </ButtonRow>
      </form>
    </Page>
  );
}
