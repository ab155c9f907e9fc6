import { useEffect, useRef, type ReactNode } from 'react';
import { useLocation } from 'react-router';

let firstPage = true;

// Page is one screen: it sets the document title and, after a navigation (not on the
// first load), moves the focus to the screen's heading so that screen readers
// announce the new screen and keyboard users start from its top.
export function Page({ title, children, lead }: { title: string; children: ReactNode; lead?: ReactNode }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    document.title = `${title} | 求人者マイページ | ハローワークインターネットサービス`;
    if (firstPage) {
      firstPage = false;
      return;
    }
    h1.current?.focus();
  }, [title, key]);
  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-6 md:px-6 md:py-10">
      <h1 ref={h1} tabIndex={-1} className="text-std-28B-150 md:text-std-32B-150 mb-4 focus:outline-none">
        {title}
      </h1>
      {lead && <div className="text-std-16N-175 mb-6 space-y-2">{lead}</div>}
      {children}
    </div>
  );
}
