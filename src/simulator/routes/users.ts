import type { Route } from '../router.ts';

export const usersRoutes: Route[] = [];
