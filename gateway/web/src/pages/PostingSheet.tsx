import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, type Establishment } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { Page } from '../components/Page';
import { printedOn, sheetOf } from '../lib/postingSheet';
import { LoadError, Loading, usePosting } from './PostingWizard';

// 求人票 (the printable posting): the posting in the 求人票's order, with 「印刷する」
// (the browser's print dialog, whose 「PDFに保存」 gives the 求人票 PDF). The print
// stylesheet (index.css, @media print, and print: classes here) leaves out the site's
// header, menu, footer and these buttons. No script or style is inline (the page's
// Content-Security-Policy allows neither).
export function PostingSheetPage() {
  const { postingId } = useParams();
  const { state, reload } = usePosting(postingId);
  const establishmentId = state.kind === 'ready' ? state.posting.establishment_id : undefined;
  const [est, setEst] = useState<Establishment>();
  useEffect(() => {
    if (!establishmentId) return;
    let cancelled = false;
    call(api.GET('/v1/establishments/{establishment_id}', { params: { path: { establishment_id: establishmentId } } }))
      .then((e) => {
        if (!cancelled) setEst(e);
      })
      .catch(() => {
        // The 求人票 is printed without the establishment's rows.
      });
    return () => {
      cancelled = true;
    };
  }, [establishmentId]);
  return (
    <Page title="求人票" wide>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <LoadError text={state.message} retry={reload} />}
      {state.kind === 'ready' && (
        <>
          <div className="print:hidden">
            <p className="text-std-16N-175 mb-2">この求人の求人票です。「印刷する」から印刷できます（印刷先に「PDFに保存」を選ぶとPDFファイルになります）。</p>
            {!state.posting.job_number && <p className="text-std-16N-175 mb-2">求人番号は、ハローワークが受理した後に付きます。</p>}
            <ButtonRow>
              <Button onClick={() => window.print()}>印刷する</Button>
              <Link to={`/postings/${postingId}`} className="text-std-16B-175">
                求人情報詳細へ戻る
              </Link>
            </ButtonRow>
          </div>
          <p className="text-std-16N-175 mb-4 mt-8 text-right print:mt-0">{printedOn(new Date())}</p>
          {sheetOf(state.posting, est).map((part, i) => (
            <section key={part.title} aria-labelledby={`sheet-${i}`} className="mb-6 break-inside-avoid-page">
              <h2 id={`sheet-${i}`} className="text-std-18B-160 border border-b-0 border-solid-gray-800 bg-solid-gray-50 px-2 py-1">
                {part.title}
              </h2>
              <table className="text-std-16N-175 w-full border-collapse">
                <tbody>
                  {part.rows.map(([k, v]) => (
                    <tr key={k} className="break-inside-avoid">
                      <th scope="row" className="w-40 border border-solid-gray-800 px-2 py-1 text-left align-top font-bold sm:w-56">
                        {k}
                      </th>
                      <td className="border border-solid-gray-800 px-2 py-1 align-top whitespace-pre-wrap break-all">{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </Page>
  );
}
