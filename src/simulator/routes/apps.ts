import type { Route } from '../router.ts';

export const appsRoutes: Route[] = [];
