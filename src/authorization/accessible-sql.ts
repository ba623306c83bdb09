import { rulesToCondition } from '@casl/ability/extra';
import type { Condition, CompoundCondition, FieldCondition } from '@ucast/mongo2js';
import type { Action, AppAbility, SubjectType } from './ability.factory.js';

/** How a field named in a CASL condition reads in SQL for one query: a column, or a set membership test. */
export type FieldSql = string | ((param: string) => string);

export interface SqlFilter {
  where: string;
  parameters: Record<string, unknown>;
}

/**
 * Turns the viewer's CASL rules for (action, subject) into a WHERE clause, so lists are
 * filtered by the database with exactly the rules that single checks use. Fields and
 * operators it does not know fail closed: a rule nobody mapped must not widen a list.
 */
let counter = 0;

/**
 * With `field`, only the rules that let the viewer read that field count: a list that returns a
 * field some rules withhold (a red flag's evidence) keeps to the rows whose field may be read.
 */
export function accessibleSql(ability: AppAbility, action: Action, subject: SubjectType, fields: Record<string, FieldSql>, field?: string): SqlFilter {
  const ast = rulesAst(ability, action, subject, field);
  const parameters: Record<string, unknown> = {};
  if (!ast) return { where: 'FALSE', parameters };

  const compile = (node: Condition): string => {
    if ('field' in node) return compileField(node as FieldCondition);
    const compound = node as CompoundCondition;
    const parts = compound.value.map(compile);
    switch (compound.operator) {
      case 'and':
        return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
      case 'or':
        return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
      case 'not':
        return `NOT ${parts[0]}`;
      default:
        throw new Error(`accessibleSql: operator ${compound.operator} is not supported`);
    }
  };
  const compileField = (node: FieldCondition): string => {
    const sql = fields[node.field];
    if (sql === undefined) throw new Error(`accessibleSql: field ${subject}.${node.field} has no SQL mapping`);
    const param = `casl_${counter++}`;
    if (typeof sql === 'function') {
      parameters[param] = node.operator === 'in' ? node.value : [node.value];
      return sql(param);
    }
    switch (node.operator) {
      case 'eq':
        parameters[param] = node.value;
        return `${sql} = :${param}`;
      case 'in':
        parameters[param] = node.value;
        return `${sql} = ANY(:${param})`;
      default:
        throw new Error(`accessibleSql: operator ${node.operator} on ${node.field} is not supported`);
    }
  };
  return { where: compile(ast), parameters };
}

const compound = (operator: string, value: Condition[]) => ({ operator, value }) as unknown as CompoundCondition;

/** As ucast's buildAnd and buildOr: nested conditions of the same operator flattened, a single one alone. */
const built = (operator: 'and' | 'or') => (parts: Condition[]) => {
  const flat = parts.flatMap((part) => ('field' in part || (part as CompoundCondition).operator !== operator ? [part] : (part as CompoundCondition).value));
  return flat.length === 1 ? flat[0] : compound(operator, flat);
};

/** CASL's own rulesToAST, narrowed to the rules that cover `field` when one is named. */
function rulesAst(ability: AppAbility, action: Action, subject: SubjectType, field: string | undefined): Condition | null {
  return rulesToCondition(
    ability.rulesFor(action, subject, field),
    (rule) => (rule.inverted ? compound('not', [rule.ast as Condition]) : (rule.ast as Condition)),
    { and: built('and'), or: built('or'), empty: () => compound('and', []) },
  );
}
