import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './error-types.ts';
import './user.ts';
import './group.ts';
import './user-mutations.ts';
import './user-credentials.ts';
import './group-mutations.ts';
import './application.ts';
import './application-assignments.ts';
import './application-mutations.ts';
import './event-hook.ts';
import './event-hook-mutations.ts';
import './gateway-hook.ts';
import './workflows.ts';
import './log-event.ts';
import './log-event-subscription.ts';
import './user-schema.ts';
import './rate-limits.ts';
// The access graph
import './group-rule.ts';
import './admin-role.ts';
import './factor.ts';
import './app-link.ts';
import './access-path.ts';

export const schema = builder.toSchema();

/** The SDL checked in as schema/schema.graphql (sorted, so diffs stay small). */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;
