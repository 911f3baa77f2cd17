import { describe, expect, it } from 'vitest';
import { allowedActions, isAllowed, refuses } from '../../src/workflows/lifecycle.ts';

describe('the lifecycle rules (src/workflows/lifecycle.ts)', () => {
  it('allows SUSPEND from ACTIVE only and UNSUSPEND from SUSPENDED only', () => {
    expect(isAllowed('SUSPEND', 'ACTIVE')).toBe(true);
    expect(isAllowed('SUSPEND', 'STAGED')).toBe(false);
    expect(allowedActions('SUSPENDED')).toContain('UNSUSPEND');
    expect(allowedActions('SUSPENDED')).not.toContain('SUSPEND');
  });

  it('lists for DEPROVISIONED only activation, clearing sessions and deletion', () => {
    expect(allowedActions('DEPROVISIONED')).toEqual(['ACTIVATE', 'CLEAR_SESSIONS', 'DELETE']);
  });

  it('refuses membership changes on APP_GROUP and BUILT_IN groups, deletion on BUILT_IN only', () => {
    expect(refuses('CHANGE_MEMBERSHIP', 'APP_GROUP')).toBe(true);
    expect(refuses('CHANGE_MEMBERSHIP', 'OKTA_GROUP')).toBe(false);
    expect(refuses('DELETE', 'APP_GROUP')).toBe(false);
    expect(refuses('DELETE', 'BUILT_IN')).toBe(true);
  });
});
