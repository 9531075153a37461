// Starting and talking to the benchmark's server process (bench/flash-presale-server.ts), and
// collecting what it logs at warn level and above.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const serverFile = fileURLToPath(new URL('./flash-presale-server.ts', import.meta.url));
const LEVELS: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };

export interface LogFinding {
  level: string;
  message: string;
  count: number;
  sample?: string;
}

export interface ServerProcess<Ready> {
  ready: Ready;
  ask<T>(type: string): Promise<T>;
  close(): Promise<void>;
  /** Warn/error/fatal log lines, grouped by level, message and error. */
  logs(): LogFinding[];
  stderr(): string;
}

export async function startServer<Ready>(mode: 'app' | 'bare', env: NodeJS.ProcessEnv): Promise<ServerProcess<Ready>> {
  // BENCH_SERVER_NODE_ARGS adds Node flags to the server process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = fork(serverFile, [mode], { execArgv: ['--import', 'tsx', ...extra], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const grouped = new Map<string, LogFinding>();
  // BENCH_SERVER_LOG=<file> keeps the server's whole log as <file>.app and <file>.bare (with LOG_LEVEL=info: every request and its responseTime).
  const logFile = env.BENCH_SERVER_LOG ? fs.createWriteStream(`${env.BENCH_SERVER_LOG}.${mode}`) : null;
  let errText = '';
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    logFile?.write(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) record(line);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errText = (errText + chunk).slice(-20_000);
  });

  function record(line: string) {
    if (!line.trim()) return;
    let entry: { level?: number; msg?: string; err?: { type?: string; code?: string; message?: string; stack?: string }; res?: { statusCode?: number } };
    try {
      entry = JSON.parse(line);
    } catch {
      entry = { level: 40, msg: line.slice(0, 300) };
    }
    if ((entry.level ?? 0) < 40) return;
    const err = entry.err ? `${entry.err.type ?? 'Error'}${entry.err.code ? ` ${entry.err.code}` : ''}: ${entry.err.message ?? ''}` : '';
    const message = [entry.msg, err].filter(Boolean).join(' — ').slice(0, 400);
    const level = LEVELS[entry.level ?? 40] ?? String(entry.level);
    const key = `${level}|${message}`;
    const found = grouped.get(key);
    if (found) found.count++;
    else grouped.set(key, { level, message, count: 1, sample: entry.err?.stack?.split('\n').slice(0, 6).join('\n') });
  }

  const messages: { type: string }[] = [];
  const waiters: ((m: { type: string }) => void)[] = [];
  child.on('message', (m: { type: string }) => {
    const waiter = waiters.shift();
    if (waiter) waiter(m);
    else messages.push(m);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const next = () =>
    Promise.race([
      new Promise<{ type: string }>((resolve) => (messages.length > 0 ? resolve(messages.shift()!) : waiters.push(resolve))),
      exited.then((code) => {
        throw new Error(`server process (${mode}) exited with ${code}\n${errText.slice(-4000)}`);
      }),
    ]);

  const first = await next();
  if (first.type !== 'ready') throw new Error(`server process (${mode}): ${JSON.stringify(first)}`);
  const { type: _type, ...ready } = first as { type: string } & Record<string, unknown>;
  return {
    ready: ready as Ready,
    async ask<T>(type: string) {
      child.send({ type });
      const answer = (await next()) as { type: string; error?: string };
      if (answer.type === 'failed') throw new Error(`server process (${mode}) failed: ${answer.error}`);
      const { type: _t, ...rest } = answer;
      return rest as T;
    },
    async close() {
      if (child.exitCode !== null) return;
      child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    logs: () => [...grouped.values()].sort((a, b) => b.count - a.count),
    stderr: () => errText,
  };
}
