import { describe, expect, it } from 'vitest';
import {
  ACCESS_CHANGE_EVENT_TYPES,
  DIRECTORY_CHANGE_EVENT_TYPES,
  EVENT_HOOK_ELIGIBLE_TYPES,
  EVENT_HOOK_EVENT_TYPES,
  SIGN_IN_EVENT_TYPES,
} from '../../src/okta-reference/event-types.ts';

describe('the event-hook-eligible event types', () => {
  it('are the directory changes, the sign-ins, the changes to hooks themselves and to access, each once', () => {
    const groups = [
      ...DIRECTORY_CHANGE_EVENT_TYPES,
      ...SIGN_IN_EVENT_TYPES,
      ...EVENT_HOOK_EVENT_TYPES,
      ...ACCESS_CHANGE_EVENT_TYPES,
    ];
    expect(EVENT_HOOK_ELIGIBLE_TYPES.size).toBe(groups.length);
    expect(groups.every((type) => EVENT_HOOK_ELIGIBLE_TYPES.has(type))).toBe(true);
  });

  it('leave out event_hook.delivery, so that a failing hook is not sent its own failures', () => {
    expect(EVENT_HOOK_ELIGIBLE_TYPES.has('event_hook.delivery')).toBe(false);
  });
});
