// The ASL engine of the local runner (io.dbxcp.local): runs state machines on aws-local-stepfunctions and hands
// every Task to the Java process that started it. One process serves every execution of a runner, nested ones
// included. It speaks JSON lines:
//
//   stdin  (from Java)  {"op":"start","exec":"e1","definition":{...},"input":...,"context":{...},"waitScale":1}
//                       {"op":"taskResult","callId":7,"ok":true,"result":...}
//                       {"op":"taskResult","callId":7,"ok":false,"error":"pkg.SomeException","cause":"{...}","fatal":false}
//                       {"op":"abort","exec":"e1"}
//                       {"op":"validate","exec":"c1","definition":{...}}
//   stdout (to Java)    {"kind":"ready"}
//                       {"kind":"event","exec":"e1","event":{...engine event...},"pause":{"ms":..,"scaledMs":..}}
//                       {"kind":"task","exec":"e1","callId":7,"state":"Name","resource":"arn:...","input":...}
//                       {"kind":"end","exec":"e1","status":"SUCCEEDED|FAILED|TIMED_OUT|ABORTED|INVALID",...}
//                       {"kind":"validated","exec":"c1","ok":false,"message":"..."}
//
// Nothing else is written to stdout: diagnostics go to stderr.
import { StateMachine } from 'aws-local-stepfunctions';
import readline from 'node:readline';

// Step Functions has no default Task timeout; the engine's default is 60 s, too short for a nested
// startExecution.sync with real waits. A Task without TimeoutSeconds(Path) gets this (24 days: under the
// 2^31 ms limit of Node timers).
const NO_TASK_TIMEOUT_SECONDS = 24 * 24 * 3600;

const send = (message) => process.stdout.write(JSON.stringify(message) + '\n');

const pendingTasks = new Map(); // callId -> { resolve, reject }
const executions = new Map(); // exec id -> { abort }
let nextCallId = 1;

// ---- Scaled Wait and Retry pauses ----------------------------------------------------------------------------
// The engine pauses for Wait states and between retries with setTimeout, inside its helper `sleep`. Right before
// such a pause it reads `waitTimeOverrides[state]` or `retryIntervalOverrides[state]`; we give it proxies that
// never override but note which state is about to pause, and the next engine `sleep` timer started in the same
// synchronous run is scaled by the execution's waitScale and recorded for the progress display. Any other timer
// (Task timeouts, execution TimeoutSeconds, HTTP) is left alone.
const realSetTimeout = globalThis.setTimeout;
let pendingPause = null;

function notePause(pause) {
  pendingPause = pause;
  queueMicrotask(() => {
    if (pendingPause === pause) pendingPause = null;
  });
}

function calledFromEngineSleep() {
  const stack = new Error().stack ?? '';
  return /\bat sleep \([^)]*aws-local-stepfunctions/.test(stack);
}

globalThis.setTimeout = function scaledSetTimeout(callback, ms, ...args) {
  const pause = pendingPause;
  if (pause && typeof ms === 'number' && calledFromEngineSleep()) {
    pendingPause = null;
    const realMs = Math.max(0, ms);
    const scaledMs = Math.max(0, Math.round(realMs * pause.scale));
    pause.record(realMs, scaledMs);
    return realSetTimeout(callback, scaledMs, ...args);
  }
  return realSetTimeout(callback, ms, ...args);
};

// ---- Definition helpers ---------------------------------------------------------------------------------------
function forEachState(definition, visit) {
  for (const [name, state] of Object.entries(definition?.States ?? {})) {
    visit(name, state);
    for (const branch of state.Branches ?? []) forEachState(branch, visit);
    if (state.Iterator) forEachState(state.Iterator, visit);
    if (state.ItemProcessor) forEachState(state.ItemProcessor, visit);
  }
}

function prepare(definition) {
  const resources = Object.create(null); // state name -> Resource (no prototype: any state name is safe)
  forEachState(definition, (name, state) => {
    if (state.Type === 'Task') {
      resources[name] = state.Resource;
      if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
        state.TimeoutSeconds = NO_TASK_TIMEOUT_SECONDS;
      }
    }
  });
  return resources;
}

function validate({ exec, definition }) {
  try {
    prepare(definition);
    new StateMachine(definition);
    send({ kind: 'validated', exec, ok: true });
  } catch (e) {
    send({ kind: 'validated', exec, ok: false, message: String(e?.message ?? e) });
  }
}

// ---- Executions -----------------------------------------------------------------------------------------------
async function start({ exec, definition, input, context, waitScale }) {
  const resources = prepare(definition);
  let machine;
  try {
    machine = new StateMachine(definition);
  } catch (e) {
    send({ kind: 'end', exec, status: 'INVALID', error: 'States.Runtime', cause: String(e?.message ?? e) });
    return;
  }

  const scale = typeof waitScale === 'number' && waitScale >= 0 ? waitScale : 1;
  const waitPauses = Object.create(null); // state -> FIFO of { ms, scaledMs } (one entry per Wait state run)
  const retryPauses = Object.create(null); // state -> FIFO of { ms, scaledMs }
  const fifo = (table, state) => (table[state] ??= []);

  const taskResourceLocalHandlers = new Proxy(
    {},
    {
      get(_, state) {
        if (typeof state !== 'string' || !(state in resources)) return undefined;
        return async (taskInput) => {
          // Let the engine's event log (microtasks) emit StateEntered before the task call goes out.
          await new Promise((resolve) => setImmediate(resolve));
          const callId = nextCallId++;
          const result = new Promise((resolve, reject) => pendingTasks.set(callId, { resolve, reject }));
          send({ kind: 'task', exec, callId, state, resource: resources[state], input: taskInput ?? null });
          return result;
        };
      },
    },
  );
  const waitTimeOverrides = new Proxy(
    {},
    {
      get(_, state) {
        if (typeof state !== 'string') return undefined;
        const entry = { ms: 0, scaledMs: 0 };
        fifo(waitPauses, state).push(entry);
        notePause({
          scale,
          record: (ms, scaledMs) => Object.assign(entry, { ms, scaledMs }),
        });
        return undefined;
      },
    },
  );
  const retryIntervalOverrides = new Proxy(
    {},
    {
      get(_, state) {
        if (typeof state !== 'string') return undefined;
        notePause({ scale, record: (ms, scaledMs) => fifo(retryPauses, state).push({ ms, scaledMs }) });
        return undefined;
      },
    },
  );

  const execution = machine.run(input ?? {}, {
    overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
    context: context ?? {},
  });
  executions.set(exec, execution);

  const streamed = (async () => {
    for await (const event of execution.eventLogs) {
      const message = { kind: 'event', exec, event };
      const state = event.state?.name;
      if (event.type === 'StateEntered' && event.state?.type === 'Wait') {
        message.pause = fifo(waitPauses, state).shift();
      } else if (event.type === 'StateRetried') {
        message.pause = fifo(retryPauses, state).shift() ?? { ms: 0, scaledMs: 0 };
      }
      send(message);
    }
  })();

  let end;
  try {
    const output = await execution.result;
    end = { kind: 'end', exec, status: 'SUCCEEDED', output: output ?? null };
  } catch (e) {
    end = failure(exec, e);
  }
  await streamed.catch((e) => process.stderr.write(`event log of ${exec} failed: ${e?.stack ?? e}\n`));
  executions.delete(exec);
  send(end);
}

function failure(exec, e) {
  switch (e?.name) {
    case 'ExecutionTimeoutError':
      return { kind: 'end', exec, status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution timed out' };
    case 'ExecutionAbortedError':
      return { kind: 'end', exec, status: 'ABORTED', error: 'States.Aborted', cause: 'The execution was aborted' };
    case 'ExecutionError': {
      const error = e.cause;
      const cause = error?.cause ?? error?.message ?? '';
      return {
        kind: 'end',
        exec,
        status: 'FAILED',
        error: error?.name ?? 'States.Runtime',
        cause: typeof cause === 'string' ? cause : JSON.stringify(cause),
      };
    }
    default:
      return { kind: 'end', exec, status: 'FAILED', error: 'States.Runtime', cause: String(e?.stack ?? e) };
  }
}

function taskResult({ callId, ok, result, error, cause, fatal }) {
  const pending = pendingTasks.get(callId);
  if (!pending) return;
  pendingTasks.delete(callId);
  if (ok) {
    pending.resolve(result ?? null);
  } else {
    // The engine matches Retry/Catch ErrorEquals against error.name and reports error.message as the Cause.
    const failure = new Error(cause ?? '');
    failure.name = error;
    if (fatal) {
      // The runner itself cannot serve this Task: no Retry or Catch may hide it.
      failure.isRetryable = false;
      failure.isCatchable = false;
    }
    pending.reject(failure);
  }
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (!line.trim()) return;
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    process.stderr.write(`engine: not JSON: ${line.slice(0, 200)}\n`);
    return;
  }
  switch (message.op) {
    case 'start':
      start(message).catch((e) => send(failure(message.exec, e)));
      break;
    case 'taskResult':
      taskResult(message);
      break;
    case 'validate':
      validate(message);
      break;
    case 'abort':
      executions.get(message.exec)?.abort();
      break;
    default:
      process.stderr.write(`engine: unknown op ${message.op}\n`);
  }
});
lines.on('close', () => process.exit(0));
send({ kind: 'ready' });
