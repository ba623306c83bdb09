import { paginationLinks } from './pagination-links.js';

describe('links to the pages of a list', () => {
  it('keeps the filters and changes only the page', () => {
    const links = paginationLinks('/procurements?q=water&stage=AWARD&page=2', 2, 3);
    expect(links.previous).toEqual({ href: '/procurements?q=water&stage=AWARD&page=1' });
    expect(links.next).toEqual({ href: '/procurements?q=water&stage=AWARD&page=3' });
    expect(links.items.map((item) => ('number' in item ? [item.number, item.current] : '…'))).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it('shows the first, the last and the neighbours of the current page, with gaps between', () => {
    const links = paginationLinks('/procurements', 10, 40);
    expect(links.items.map((item) => ('number' in item ? item.number : '…'))).toEqual([1, '…', 9, 10, 11, '…', 40]);
  });

  it('has no links for a single page, and no next link past the end', () => {
    expect(paginationLinks('/procurements', 1, 1)).toEqual({ items: [] });
    expect(paginationLinks('/procurements?page=9', 9, 3).next).toBeUndefined();
    expect(paginationLinks('/procurements?page=9', 9, 3).previous).toBeUndefined();
  });

  it('shows no last page for a list counted only so far, and a gap after the neighbours', () => {
    const links = paginationLinks('/workspace/complaints?page=40', 40, 50, true);
    expect(links.items.map((item) => ('number' in item ? item.number : '…'))).toEqual([1, '…', 39, 40, 41, '…']);
    expect(links.next).toEqual({ href: '/workspace/complaints?page=41' });
  });
});
