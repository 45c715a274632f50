/// <reference lib="webworker" />
import { createImpactWorkerHandler } from './impact-worker-handler.ts';
import type { ToImpactWorker } from './impact-worker-protocol.ts';

/** The impact panel's scoring worker: see impact-worker-protocol.ts. */
const handle = createImpactWorkerHandler();

self.onmessage = (event: MessageEvent<ToImpactWorker>) => {
  const answer = handle(event.data);
  if (answer) self.postMessage(answer);
};
