import { Link } from 'react-router';

// SectionNav is the section list of a wizard whose sections open in any order (the
// posting wizard, JOB-1; 事業所情報の仮登録, OPEN-1): each section with its state, the
// current one marked, and the final check-and-submit step.
export type SectionStatus = 'saved' | 'unsaved' | 'empty' | 'changed';

export const statusText: Record<SectionStatus, string> = { saved: '保存済み', unsaved: '未保存の入力あり', empty: '未入力', changed: '変更あり' };

export function SectionNav({
  items,
  current,
  last,
}: {
  items: ReadonlyArray<{ key: string; title: string; status: SectionStatus }>;
  current: string;
  last: { key: string; title: string };
}) {
  return (
    <nav aria-label="入力項目" className="mb-8">
      <ol className="space-y-2">
        {items.map((s, i) => (
          <li key={s.key}>
            <Link
              to={`?section=${s.key}`}
              aria-current={current === s.key ? 'step' : undefined}
              className={`text-std-16N-175 block rounded-8 border p-2 ${current === s.key ? 'border-blue-900 bg-blue-50 font-bold' : 'border-solid-gray-420'}`}
            >
              {i + 1}. {s.title}
              <span
                className={`block text-std-16N-175 ${s.status === 'saved' ? 'text-green-1000' : s.status === 'unsaved' ? 'text-red-1000' : 'text-solid-gray-700'}`}
              >
                {statusText[s.status]}
              </span>
            </Link>
          </li>
        ))}
        <li>
          <Link
            to={`?section=${last.key}`}
            aria-current={current === last.key ? 'step' : undefined}
            className={`text-std-16B-175 block rounded-8 border p-2 ${current === last.key ? 'border-blue-900 bg-blue-50' : 'border-solid-gray-420'}`}
          >
            {last.title}
          </Link>
        </li>
      </ol>
    </nav>
  );
}
