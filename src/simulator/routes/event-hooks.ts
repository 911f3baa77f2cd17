import type { Route } from '../router.ts';

export const eventHooksRoutes: Route[] = [];
