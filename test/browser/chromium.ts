/**
 * A real headless Chromium (the Debian `chromium` package, installed by scripts/setup.sh), started
 * by the tests and driven over the DevTools protocol through a pipe (`--remote-debugging-pipe`:
 * JSON messages ended by a NUL byte on fds 3 and 4), so no port, no WebSocket library and no
 * browser download. It records console errors, uncaught exceptions and every network request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { stopProcess, tempDir } from '../helpers.js';

type Params = Record<string, unknown>;
interface Message {
  id?: number;
  method?: string;
  params?: Params;
  result?: Params;
  error?: { message: string };
  sessionId?: string;
}

export interface PageLog {
  /** Console errors and uncaught exceptions, as text. */
  errors: string[];
  /** URLs the page requested. */
  requests: string[];
}

export class Chromium {
  private readonly profile = tempDir('teleforge-chromium-');
  private child: ChildProcess | undefined;
  private input: Writable | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Params) => void; reject: (error: Error) => void }>();
  private readonly listeners: Array<(message: Message) => void> = [];

  async start(): Promise<this> {
    const args = [
      '--headless',
      '--remote-debugging-pipe',
      // Tests run as root in a container: Chromium's sandbox needs user namespaces it may not get.
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--hide-scrollbars',
      '--mute-audio',
      `--user-data-dir=${this.profile}`,
      'about:blank',
    ];
    const child = spawn('chromium', args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.input = child.stdio[3] as Writable;
    let buffer = '';
    (child.stdio[4] as Readable).setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
        this.dispatch(JSON.parse(buffer.slice(0, end)) as Message);
        buffer = buffer.slice(end + 1);
      }
    });
    child.on('exit', () => {
      for (const { reject } of this.pending.values()) reject(new Error('chromium exited'));
      this.pending.clear();
    });
    await this.send('Browser.getVersion');
    return this;
  }

  /** Sends a DevTools command (to a page when `sessionId` is given) and waits for its result. */
  send(method: string, params: Params = {}, sessionId?: string): Promise<Params> {
    const id = this.nextId++;
    const message: Message = { id, method, params, ...(sessionId ? { sessionId } : {}) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input!.write(`${JSON.stringify(message)}\0`);
    });
  }

  /** Opens a page of `width` × `height` CSS pixels, loads `url` and waits for its load event. */
  async open(url: string, width = 1280, height = 900): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new Page(this, sessionId);
    this.listeners.push((message) => {
      if (message.sessionId === sessionId) page.onEvent(message.method!, message.params ?? {});
    });
    for (const domain of ['Runtime', 'Log', 'Page', 'Network']) await page.send(`${domain}.enable`);
    await page.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    const loaded = page.waitFor('Page.loadEventFired');
    await page.send('Page.navigate', { url });
    await loaded;
    return page;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    await stopProcess(child);
    rmSync(this.profile, { recursive: true, force: true });
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined) {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`chromium: ${message.error.message}`));
      else waiter?.resolve(message.result ?? {});
      return;
    }
    for (const listener of this.listeners) listener(message);
  }
}

export class Page {
  readonly log: PageLog = { errors: [], requests: [] };
  private readonly waiters: Array<{ method: string; resolve: () => void }> = [];

  constructor(
    private readonly browser: Chromium,
    private readonly sessionId: string,
  ) {}

  send(method: string, params: Params = {}): Promise<Params> {
    return this.browser.send(method, params, this.sessionId);
  }

  waitFor(method: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ method, resolve }));
  }

  /** Evaluates an expression in the page (awaiting a promise) and returns its value as JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value: T };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    };
    if (exceptionDetails) throw new Error(`page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  /** A PNG of a region of the page (CSS pixels from the top of the document). */
  async screenshot(clip: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const { data } = (await this.send('Page.captureScreenshot', { format: 'png', clip: { ...clip, scale: 1 }, captureBeyondViewport: true })) as { data: string };
    return Buffer.from(data, 'base64');
  }

  /** Moves the mouse to a point of the viewport. */
  async hover(x: number, y: number): Promise<void> {
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  }

  onEvent(method: string, params: Params): void {
    if (method === 'Runtime.exceptionThrown') {
      const details = params.exceptionDetails as { text: string; exception?: { description?: string } };
      this.log.errors.push(details.exception?.description ?? details.text);
    } else if (method === 'Runtime.consoleAPICalled' && (params.type === 'error' || params.type === 'assert')) {
      this.log.errors.push((params.args as Array<{ value?: unknown; description?: string }>).map((arg) => String(arg.value ?? arg.description)).join(' '));
    } else if (method === 'Log.entryAdded') {
      const entry = params.entry as { level: string; text: string; url?: string };
      if (entry.level === 'error') this.log.errors.push(`${entry.text}${entry.url ? ` (${entry.url})` : ''}`);
    } else if (method === 'Network.requestWillBeSent') {
      this.log.requests.push((params.request as { url: string }).url);
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i]!.method === method) this.waiters.splice(i, 1)[0]!.resolve();
    }
  }
}
