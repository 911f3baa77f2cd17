import type { Route } from '../router.ts';

export const logsRoutes: Route[] = [];
