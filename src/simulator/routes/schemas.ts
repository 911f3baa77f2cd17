import type { Route } from '../router.ts';

export const schemasRoutes: Route[] = [];
