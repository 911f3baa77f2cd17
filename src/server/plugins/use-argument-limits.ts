import { type DocumentNode, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { BadUserInputError } from '../../schema/graphql-errors.ts';

/** The length of the longest string in a variable's value (lists and input objects walked). */
function longestString(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length;
  if (depth > 20 || typeof value !== 'object' || value === null) return 0;
  let max = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    max = Math.max(max, longestString(item, depth + 1));
  }
  return max;
}

function longestLiteral(document: DocumentNode): number {
  let max = 0;
  visit(document, {
    StringValue(node) {
      max = Math.max(max, node.value.length);
    },
  });
  return max;
}

/**
 * Refuses any string argument (`search`, `filter`, `q`, `name`, a profile attribute, …) longer
 * than `maxChars`, literal or variable, with BAD_USER_INPUT before anything runs: the gateway
 * would otherwise send Okta URLs of any length (a 12,000-character `search` made a 12 KB URL).
 */
export function useArgumentLimits(maxChars: number): Plugin {
  const check = (document: DocumentNode, variables: unknown): BadUserInputError | undefined => {
    const longest = Math.max(longestLiteral(document), longestString(variables));
    return longest > maxChars
      ? new BadUserInputError(
          `An argument has ${longest} characters; at most ${maxChars} are allowed.`,
        )
      : undefined;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args.document, args.variableValues);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args.document, args.variableValues);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}
