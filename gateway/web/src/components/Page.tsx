import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { isStaffPath } from './Layout';

let firstPage = true;

// Page is one screen: it sets the document title and, after a navigation (not on the
// first load), moves the focus to the screen's heading so that screen readers
// announce the new screen and keyboard users start from its top.
export function Page({ title, children, lead, wide = false }: { title: string; children: ReactNode; lead?: ReactNode; wide?: boolean }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  const { key, pathname } = useLocation();
  const site = isStaffPath(pathname) ? 'ハローワーク職員用' : '求人者マイページ';
  useEffect(() => {
    document.title = `${title} | ${site} | ハローワークインターネットサービス`;
    if (firstPage) {
      firstPage = false;
      return;
    }
    h1.current?.focus();
  }, [title, key, site]);
  return (
    <div className={`mx-auto w-full ${wide ? 'max-w-5xl' : 'max-w-3xl'} px-4 py-6 md:px-6 md:py-10`}>
      <h1 ref={h1} tabIndex={-1} className="text-std-28B-150 md:text-std-32B-150 mb-4 focus:outline-none">
        {title}
      </h1>
      {lead && <div className="text-std-16N-175 mb-6 space-y-2">{lead}</div>}
      {children}
    </div>
  );
}
