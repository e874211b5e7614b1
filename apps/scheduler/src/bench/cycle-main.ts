/**
 * In-process scheduler cycle benchmark driver, run by the bench/scheduler nx project (which may
 * not import apps/). Prints one JSON line: {@link CycleResult}.
 * Usage: node --import tsx apps/scheduler/src/bench/cycle-main.ts [--small]
 */
import { benchCycle } from './cycle-bench';

const small = process.argv.includes('--small');
benchCycle(small ? 50 : 1000, small ? 500 : 5000)
  .then((r) => {
    process.stdout.write(JSON.stringify(r) + '\n');
    if (r.bound !== r.pods) process.exit(1);
  })
  .catch((err: unknown) => {
    process.stderr.write(`scheduler cycle bench failed: ${String(err)}\n`);
    process.exit(1);
  });
