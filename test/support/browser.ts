import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'undici';

/** Headless Chromium, when this machine has it (`apt-get install chromium`). */
export function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('which', [name], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return null;
}

type CdpEvent = { method: string; params: Record<string, unknown> };

/**
 * One page in headless Chromium, driven through the DevTools protocol (no test-browser package:
 * the protocol over undici's WebSocket is all these tests need). Records every URL the page
 * requests.
 */
export interface BrowserPage {
  /** Every URL the page asked for, in order (documents, scripts, workers, fetches, images). */
  requested: string[];
  navigate(url: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy, or fails after `timeoutMs`. */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openPage(chromium: string): Promise<BrowserPage> {
  const profile = await mkdtemp(join(tmpdir(), 'gateway-chromium-'));
  const child: ChildProcess = spawn(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--window-size=1400,900',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const browserUrl = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.on('exit', () => reject(new Error(`chromium exited: ${err}`)));
  });
  const { port } = new URL(browserUrl);
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    type: string;
    webSocketDebuggerUrl: string;
  }[];
  const page = targets.find((t) => t.type === 'page');
  if (!page) throw new Error('chromium opened no page');

  const socket = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('DevTools socket failed')));
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: ((event: CdpEvent) => void)[] = [];
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    } & Partial<CdpEvent>;
    if (data.id !== undefined) {
      const call = pending.get(data.id);
      pending.delete(data.id);
      if (data.error) call?.reject(new Error(data.error.message));
      else call?.resolve(data.result);
    } else if (data.method) {
      for (const listener of listeners) listener(data as CdpEvent);
    }
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });

  const requested: string[] = [];
  listeners.push((event) => {
    if (event.method === 'Network.requestWillBeSent') {
      requested.push((event.params.request as { url: string }).url);
    }
  });
  await send('Network.enable');
  await send('Page.enable');

  const evaluate = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await send<{
      result: { value: T };
      exceptionDetails?: { text: string };
    }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`page threw: ${exceptionDetails.text}`);
    return result.value;
  };

  return {
    requested,
    async navigate(url) {
      const loaded = new Promise<void>((resolve) => {
        listeners.push((event) => {
          if (event.method === 'Page.loadEventFired') resolve();
        });
      });
      await send('Page.navigate', { url });
      await loaded;
    },
    evaluate,
    async waitFor(expression, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (!(await evaluate<boolean>(`Boolean(${expression})`))) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async screenshot() {
      const { data } = await send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
      return Buffer.from(data, 'base64');
    },
    async close() {
      socket.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await rm(profile, { recursive: true, force: true });
    },
  };
}
