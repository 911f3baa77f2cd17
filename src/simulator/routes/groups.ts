import type { Route } from '../router.ts';

export const groupsRoutes: Route[] = [];
