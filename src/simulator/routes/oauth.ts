import type { Route } from '../router.ts';

export const oauthRoutes: Route[] = [];
