import { Agent, type Dispatcher } from 'undici';

/**
 * Round trips, counted by structure rather than by the clock: an undici dispatcher that holds
 * every Okta call until no new one has come for `quietMs`, then sends the held calls together.
 * Each release is one wave: calls that went out without waiting for any answer. A call that needs
 * another's answer can only be sent after that answer, so it lands in a later wave; the number of
 * waves is the operation's sequential round trips (calls beyond the transport's concurrency cap
 * wait for a slot, and count as a wave of their own).
 */
export interface WaveGate {
  dispatcher: Dispatcher;
  /** How many calls went out in each wave since the last reset, in order. */
  waves(): number[];
  reset(): void;
  close(): Promise<void>;
}

export function waveGate(quietMs = 60): WaveGate {
  const agent = new Agent();
  const waves: number[] = [];
  let held: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  const release = () => {
    const wave = held;
    held = [];
    waves.push(wave.length);
    for (const send of wave) send();
  };
  const dispatcher = agent.compose((dispatch) => (options, handler) => {
    held.push(() => dispatch(options, handler));
    clearTimeout(timer);
    timer = setTimeout(release, quietMs);
    return true;
  });
  return {
    dispatcher,
    waves: () => [...waves],
    reset: () => {
      waves.length = 0;
    },
    close: async () => {
      clearTimeout(timer);
      await agent.close();
    },
  };
}
