import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { RuntimeConfig } from '../runtime/config';
import { configureRuntime } from '../runtime/context';
import { handler as fanout } from '../runtime/handlers/fanout';
import { LambdaHandler, invoke } from './lambda-invoke';

const ROLE = 'groupchat-local-fanout';

type ToWorker = { kind: 'invoke'; id: number; event: unknown };
type FromWorker = { kind: 'done'; id: number; error?: string } | { kind: 'publish'; message: string; attributes: Record<string, string> };

/**
 * Fan-out invocations on worker threads, like Lambda runs them in containers of their own: the batches a
 * large group is split into are delivered in parallel on several cores instead of taking turns on the
 * gateway's event loop. A worker publishes through the parent's topic.
 */
export class FanoutWorkerPool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;

  /**
   * @param size number of workers
   * @param config the runtime configuration each worker uses
   * @param publish where the workers' publishes go (the parent's topic)
   */
  constructor(size: number, config: RuntimeConfig, publish: (message: string, attributes: Record<string, string>) => Promise<void>) {
    for (let index = 0; index < size; index++) {
      const worker = new Worker(__filename, { workerData: { role: ROLE, config }, env: process.env });
      const slot = { worker, busy: 0 };
      worker.on('message', (message: FromWorker) => {
        if (message.kind === 'publish') {
          void publish(message.message, message.attributes);
          return;
        }
        slot.busy--;
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error));
        else pending?.resolve();
      });
      worker.on('error', (error) => console.error('local fan-out worker failed', error));
      worker.unref();
      this.workers.push(slot);
    }
  }

  /** Whether workers can run here: they load this module's compiled JavaScript, not TypeScript source. */
  static available(): boolean {
    return __filename.endsWith('.js') || __filename.endsWith('.cjs');
  }

  /** Invokes the fan-out handler on the least busy worker. */
  invoke(event: unknown): Promise<void> {
    const slot = this.workers.reduce((least, candidate) => (candidate.busy < least.busy ? candidate : least));
    const id = this.nextId++;
    slot.busy++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ kind: 'invoke', id, event } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}

/** A worker's side: the runtime configured like the parent's, each invocation answered when done. */
function serveFanout(config: RuntimeConfig): void {
  const port = parentPort!;
  configureRuntime({
    config,
    publisher: {
      publish: async (message, attributes) => port.postMessage({ kind: 'publish', message, attributes } satisfies FromWorker),
    },
  });
  port.on('message', (message: ToWorker) => {
    invoke('fanout', fanout as LambdaHandler, message.event).then(
      () => port.postMessage({ kind: 'done', id: message.id } satisfies FromWorker),
      (error) => port.postMessage({ kind: 'done', id: message.id, error: String(error) } satisfies FromWorker),
    );
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  serveFanout((workerData as { config: RuntimeConfig }).config);
}
