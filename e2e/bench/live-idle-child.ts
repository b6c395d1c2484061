/**
 * live-idle's child: 100 live subscriptions (the product's LiveChanges, drive clients and socket.io transport)
 * and the real scheduler with 100 configs, then idle; prints its own CPU per minute as one JSON line.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import inspector from 'node:inspector';
import { createDriveClient } from '../../main/core/graph/drive-client';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import { LiveChanges } from '../../main/core/live/live-changes';
import { createSocketIoTransport } from '../../main/core/live/socket-io-transport';
import { silentLogger, systemClock } from '../../main/core/ports';
import { createScheduler } from '../../main/core/scheduler/scheduler';
import { settleHeap } from './settle-heap';

const job = JSON.parse(process.argv[2]!) as {
  graphUrl: string;
  drives: { driveId: string; token: string }[];
  /** Scheduler configs (default: one per drive); scheduler-idle runs this child with 100 configs and no drives. */
  configs?: number;
  /**
   * A first window measured and reported apart: V8 goes on collecting after start-up for a minute or more (its
   * memory reducer), ~40-100 ms/min that a long-running idle app no longer pays. 0: none (quick runs).
   */
  firstSeconds?: number;
  seconds: number;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let requests = 0;
let connects = 0;
let closes = 0;
const socketIo = createSocketIoTransport();
let runs = 0;
const clients = job.drives.map((d) =>
  createDriveClient({
    graphUrl: job.graphUrl,
    getToken: async () => d.token,
    gate: new ThrottleGate(systemClock),
    fetch: (input, init) => (requests++, fetch(input, init)),
  }),
);
let timersArmed = 0;
const countingClock = {
  ...systemClock,
  setTimeout: (fn: () => void, ms: number) => (timersArmed++, systemClock.setTimeout(fn, ms)),
};
const scheduler = createScheduler({
  clock: countingClock,
  run: async () => (runs++, { ok: true }),
});
const now = Date.now();
scheduler.setConfigs(
  Array.from({ length: job.configs ?? job.drives.length }, (_, i) => ({
    id: `c${i}`,
    intervalMinutes: 60,
    active: true,
    lastRunEndAt: now,
  })),
);
const live = new LiveChanges({
  clock: systemClock,
  transport: {
    connect: (url, handlers) => {
      connects++;
      return socketIo.connect(url, { ...handlers, onClose: (why) => (closes++, handlers.onClose(why)) });
    },
  },
  logger: silentLogger,
  endpoint: (profileId) => clients[Number(profileId)]!.socketIoEndpoint(job.drives[Number(profileId)]!.driveId),
  trigger: (ids) => ids.forEach((id) => scheduler.runNow(id)),
});
live.set(
  job.drives.map((d, i) => ({ configId: `c${i}`, profileId: String(i), driveId: d.driveId })),
  true,
);
const deadline = Date.now() + 30_000;
while (live.stats().live < job.drives.length && Date.now() < deadline) await sleep(50);
await sleep(3_000); // connecting, its JIT and GC are not idling
await settleHeap();
const requestsBefore = requests;
const connectsBefore = connects;
const closesBefore = closes;
const timersBefore = timersArmed;
// ODM_BENCH_LIVE_PROF=1: a CPU profile of the measured window only (bench-results/profiles/live-idle.cpuprofile).
const session = process.env.ODM_BENCH_LIVE_PROF ? new inspector.Session() : null;
const post = (method: string, params?: object) =>
  new Promise<any>((resolve, reject) => session!.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
if (session) {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.start');
}
const perMinute = (us: number, seconds: number): number => Math.round((us / 1000) * (60 / seconds) * 10) / 10;
let firstMsPerMinute: number | null = null;
if (job.firstSeconds) {
  const first0 = process.cpuUsage();
  await sleep(job.firstSeconds * 1000);
  const first = process.cpuUsage(first0);
  firstMsPerMinute = perMinute(first.user + first.system, job.firstSeconds);
}
const cpu0 = process.cpuUsage();
await sleep(job.seconds * 1000);
const cpu = process.cpuUsage(cpu0);
if (session) {
  const { profile } = await post('Profiler.stop');
  await mkdir('bench-results/profiles', { recursive: true });
  await writeFile('bench-results/profiles/live-idle.cpuprofile', JSON.stringify(profile));
}
const result = {
  msPerMinute: perMinute(cpu.user + cpu.system, job.seconds),
  firstMsPerMinute,
  // Kernel time: on loopback the sender's syscall also runs the receiver's network stack, so this includes work a
  // real network would do on the server's side.
  systemMsPerMinute: perMinute(cpu.system, job.seconds),
  live: live.stats().live,
  requestsWhileIdle: requests - requestsBefore,
  connectsWhileIdle: connects - connectsBefore,
  closesWhileIdle: closes - closesBefore,
  runs,
  timersWhileIdle: timersArmed - timersBefore,
};
live.stop();
await scheduler.stop();
// The same process idle with everything stopped: what Node (and tsx) cost by themselves, for scale.
await settleHeap();
const base0 = process.cpuUsage();
await sleep(Math.min(job.seconds, 10) * 1000);
const base = process.cpuUsage(base0);
Object.assign(result, {
  baselineMsPerMinute: perMinute(base.user + base.system, Math.min(job.seconds, 10)),
});
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(0);
