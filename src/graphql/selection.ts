import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The fields a query asks for below one field, by field name (aliases merged): `true` for a leaf. */
export interface Selection {
  [field: string]: Selection | true;
}

/**
 * What the client selected below the field being resolved, fragments and aliases folded in,
 * so a read can be compiled to fetch exactly that. `@skip`/`@include` are not evaluated: a
 * skipped field is fetched anyway, which costs a column, never a wrong answer.
 */
export function selectionOf(info: GraphQLResolveInfo): Selection {
  const selection: Selection = {};
  for (const node of info.fieldNodes) if (node.selectionSet) collect(node.selectionSet, info, selection);
  return selection;
}

function collect(set: SelectionSetNode, info: GraphQLResolveInfo, into: Selection): void {
  for (const node of set.selections) {
    if (node.kind === Kind.FIELD) addField(node, info, into);
    else if (node.kind === Kind.INLINE_FRAGMENT) collect(node.selectionSet, info, into);
    else {
      const fragment = info.fragments[node.name.value];
      if (fragment) collect(fragment.selectionSet, info, into);
    }
  }
}

function addField(node: FieldNode, info: GraphQLResolveInfo, into: Selection): void {
  const name = node.name.value;
  if (name.startsWith('__')) return;
  if (!node.selectionSet) {
    into[name] = true;
    return;
  }
  const nested = into[name] === true || into[name] === undefined ? {} : into[name];
  collect(node.selectionSet, info, nested);
  into[name] = nested;
}
