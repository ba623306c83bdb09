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
 * so paging works without JavaScript and every page has an address of its own. A list counted
 * only so far (`moreAfter`: more than `pageCount` pages) shows no last page.
 */
export function paginationLinks(url: string, current: number, pageCount: number, moreAfter = false): PaginationLinks {
  const href = (page: number) => {
    const parsed = new URL(url, 'http://page.invalid');
    parsed.searchParams.set('page', String(page));
    return `${parsed.pathname}${parsed.search}`;
  };
  // A list counted only so far has no last page to show: a gap after the neighbours says there is more.
  const ends = moreAfter ? [1] : [1, pageCount];
  const shown = [...new Set([...ends, current - 1, current, current + 1])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  const items: PageLink[] = [];
  shown.forEach((number, index) => {
    if (index > 0 && number - shown[index - 1] > 1) items.push({ ellipsis: true });
    items.push({ number, href: href(number), current: number === current });
  });
  if (moreAfter) items.push({ ellipsis: true });
  return {
    ...(current > 1 && current <= pageCount ? { previous: { href: href(current - 1) } } : {}),
    ...(current < pageCount ? { next: { href: href(current + 1) } } : {}),
    items: pageCount > 1 ? items : [],
  };
}
