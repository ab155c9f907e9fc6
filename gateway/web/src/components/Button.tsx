import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'text';

const styles: Record<Variant, string> = {
  primary:
    'bg-blue-900 text-white border-4 border-double border-transparent hover:bg-blue-1000 hover:underline active:bg-blue-1200 disabled:bg-solid-gray-300 disabled:text-solid-gray-50',
  secondary:
    'bg-white text-blue-900 border border-blue-900 hover:bg-blue-200 hover:text-blue-1000 hover:underline active:bg-blue-300 disabled:border-solid-gray-300 disabled:text-solid-gray-300',
  text: 'bg-transparent text-blue-1000 underline underline-offset-[3px] hover:decoration-[3px] px-1',
};

// Button follows the design system's button: 48 px high at least, bold label.
export function Button({ variant = 'primary', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      {...props}
      className={`text-std-16B-175 inline-flex min-h-12 min-w-32 items-center justify-center rounded-8 px-4 py-2 ${styles[variant]} ${className}`}
    />
  );
}

export function ButtonRow({ children }: { children: React.ReactNode }) {
  return <div className="mt-8 flex flex-col gap-4 sm:flex-row sm:items-center">{children}</div>;
}
