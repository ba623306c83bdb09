import { buildSchema, parse } from 'graphql';
import { queryCostOf } from './query-cost.js';

const schema = buildSchema(`
  input PageInput { limit: Int }
  type Item { name: String }
  type Query { items(page: PageInput): [Item] item(reference: String!): Item }
`);

/** A document's cost is remembered by the variables it depends on, and only those. */
describe('queryCostOf', () => {
  const document = parse(`query ($page: PageInput, $reference: String!, $more: Boolean!) {
    items(page: $page) { name } item(reference: $reference) { name extra: name @include(if: $more) } }`);
  const cost = (variables: Record<string, unknown>) => queryCostOf({ schema, document, variables });

  it('follows the page size and the directives, and ignores the other variables', () => {
    const small = cost({ page: { limit: 10 }, reference: 'A', more: false });
    expect(cost({ page: { limit: 200 }, reference: 'A', more: false })).toBe(small! + 19);
    expect(cost({ page: { limit: 10 }, reference: 'B', more: false })).toBe(small);
    expect(cost({ page: { limit: 10 }, reference: 'A', more: true })).toBe(small! + 1);
  });

  it('never remembers variables that do not coerce, so a later request is still weighed', () => {
    expect(cost({ page: { limit: 'ten' }, reference: 'A', more: false })).toBeNull();
    expect(cost({ page: { limit: 10 }, reference: 'A', more: false })).toBeGreaterThan(0);
    expect(cost({ page: { limit: 'ten' }, reference: 'A', more: false })).toBeNull();
  });
});
