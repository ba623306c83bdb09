import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';

/**
 * Refuses a NUL character anywhere in an operation's variables or string literals before any
 * resolver runs, as BAD_USER_INPUT naming where it is. PostgreSQL cannot store NUL in text, and
 * field resolvers do not pass through the validation pipe, so this is the one check that covers
 * every argument.
 */
export function refuseNulCharacters(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = nulInVariables(request.variables ?? {}, []) ?? nulInLiterals(document);
          if (!field) return;
          throw new GraphQLError(`${field} must not contain NUL (\\u0000) characters`, {
            extensions: {
              code: 'BAD_USER_INPUT',
              reason: 'NUL_CHARACTER',
              fields: [{ field, messages: ['must not contain NUL (\\u0000) characters'] }],
              http: { status: 400 },
            },
          });
        },
      };
    },
  };
}

function nulInVariables(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? `$${path.join('.')}` : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = key.includes('\u0000') ? `$${[...path, key.replaceAll('\u0000', '\\u0000')].join('.')}` : nulInVariables(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** The argument (and input fields within it) of the first string literal holding a NUL. */
function nulInLiterals(document: DocumentNode): string | null {
  let found: string | null = null;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (found || !node.value.includes('\u0000')) return;
      // `ancestors` stops short of the node's own parent, which may be the field it fills.
      const names = [...ancestors, parent].flatMap((a) => (isNode(a) && (a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD) ? [a.name.value] : []));
      found = names.join('.') || 'query';
    },
  });
  return found;
}

function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'kind' in value;
}
