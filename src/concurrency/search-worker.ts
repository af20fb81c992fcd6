// Entry of a SearchPool worker (bundled as dist/search-worker.js).
import { currentWorkerPort, serveSearchWorker } from './search-worker-loop.js';

serveSearchWorker(await currentWorkerPort());
