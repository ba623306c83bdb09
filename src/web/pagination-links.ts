/** One link of a page list, in the shape govuk-frontend's pagination component takes. */
export type PageLink = { number: number; href: string; current: boolean } | { ellipsis: true };

export interface PaginationLinks {
  previous?: { href: string };
  next?: { href: string };
  items: PageLink[];
}

/**
 * Links to the pages of a list: the first, the last, and the two around the current one, with
 * gaps between; each link is this same address (filters kept) with `page` changed. Plain links,
 * so paging works without JavaScript and every page has an address of its own.
 */
export function paginationLinks(url: string, current: number, pageCount: number): PaginationLinks {
  const href = (page: number) => {
    const parsed = new URL(url, 'http://page.invalid');
    parsed.searchParams.set('page', String(page));
    return `${parsed.pathname}${parsed.search}`;
  };
  const shown = [...new Set([1, current - 1, current, current + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: PageLink[] = [];
  shown.forEach((number, index) => {
    if (index > 0 && number - shown[index - 1] > 1) items.push({ ellipsis: true });
    items.push({ number, href: href(number), current: number === current });
  });
  return {
    ...(current > 1 && current <= pageCount ? { previous: { href: href(current - 1) } } : {}),
    ...(current < pageCount ? { next: { href: href(current + 1) } } : {}),
    items: pageCount > 1 ? items : [],
  };
}
