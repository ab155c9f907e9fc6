// Paging of the staff worklists over the API's page tokens: the list APIs answer at
// most 100 items and a next_page_token; the screen keeps the tokens of the pages it
// went through, so 「前の100件」 goes back without the API paging backwards.

export const pageSize = 100;

// Cursor is the tokens of the pages shown so far: tokens[0] is the first page ("").
export type Cursor = { readonly tokens: readonly string[] };

export const firstPage: Cursor = { tokens: [''] };

// token is the page token of the page shown.
export const token = (c: Cursor): string => c.tokens[c.tokens.length - 1] ?? '';

// next moves to the page of the answer's next_page_token ("" = there is none).
export const next = (c: Cursor, nextToken: string | undefined): Cursor => (nextToken ? { tokens: [...c.tokens, nextToken] } : c);

// previous moves back one page (the first page stays).
export const previous = (c: Cursor): Cursor => (c.tokens.length > 1 ? { tokens: c.tokens.slice(0, -1) } : c);

// range says which items are shown, e.g. 「101〜150件目」 (count: items on this page).
export function range(c: Cursor, count: number): string {
  if (count === 0) return '';
  const from = (c.tokens.length - 1) * pageSize + 1;
  return `${from}〜${from + count - 1}件目`;
}
