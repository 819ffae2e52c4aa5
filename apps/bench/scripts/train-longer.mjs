/**
 * Does a converged model stay converged? For every converged run of a sweep, trains a copy of it
 * a fraction longer (default 20 % more steps; it keeps its criterion but cannot stop early)
 * and scores it again on the sweep's test set; writes `longer.md` and `longer.json` beside the
 * sweep's report.
 *
 * Usage: node apps/bench/scripts/train-longer.mjs <ntm.js> <sweep folder> [fraction]
 * (`ntm.js` is the ntm bundle: `pnpm --filter @ntm/cli build` writes packages/cli/dist/ntm.js.)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [ntm, sweep, fractionText = '0.2'] = process.argv.slice(2);
if (!ntm || !sweep) {
  process.stderr.write('usage: node train-longer.mjs <ntm.js> <sweep folder> [fraction]\n');
  process.exit(2);
}
const fraction = Number(fractionText);
if (!(fraction > 0)) {
  process.stderr.write(`train-longer: fraction must be a number > 0, got ${JSON.stringify(fractionText)}\n`);
  process.exit(2);
}
const spec = JSON.parse(readFileSync(join(sweep, 'sweep.json'), 'utf8'));
if (!spec.test) {
  process.stderr.write(`train-longer: ${sweep} has no test set to score on\n`);
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'ntm-longer-'));
const ntmCommand = (argv) => execFileSync(process.execPath, [ntm, ...argv], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const rows = [];
for (const id of readdirSync(join(sweep, 'runs')).sort()) {
  const resultFile = join(sweep, 'runs', id, 'result.json');
  if (!existsSync(resultFile)) continue;
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  if (!result.converged || !result.test) continue;
  const copy = join(work, id);
  cpSync(join(sweep, 'runs', id), copy, { recursive: true });
  const steps = Math.ceil(result.steps * (1 + fraction));
  process.stderr.write(`${id}: converged at step ${result.steps}; training on to step ${steps}\n`);
  // The criteria stay in the config, so that `ntm eval` judges the result by them, but no run can
  // meet them a billion evaluations in a row: it trains to `steps`.
  ntmCommand(['train', '--resume', join(copy, 'checkpoint.ntm'), '--steps', String(steps), '--stop-after', '1000000000', '--workers', '1', '--plain']);
  const scored = JSON.parse(
    ntmCommand(['eval', join(copy, 'checkpoint.ntm'), '--sequences', String(spec.test.sequences), '--seed', String(spec.test.seed), '--json']),
  );
  rows.push({
    id,
    convergedAtStep: result.steps,
    longerSteps: steps,
    atConvergence: { cost: result.test.cost, bitErrors: result.test.bitErrors, meetsCriteria: result.test.meetsCriteria ?? null },
    longer: { cost: scored.heldOut.cost, bitErrors: scored.heldOut.bitErrors, meetsCriteria: scored.heldOut.meetsCriteria ?? null },
  });
}
const yesNo = (value) => (value === null ? '–' : value ? 'yes' : 'no');
const figure = (value) => (value === null || value === undefined ? '–' : Number(value.toPrecision(3)).toString());
const markdown = [
  `# ${spec.name}: ${Math.round(fraction * 100)} % longer`,
  '',
  `Every converged run trained on to ${Math.round((1 + fraction) * 100)} % of its steps without stopping early, then scored again on the sweep's test set (${spec.test.sequences} sequences, seed ${spec.test.seed}).`,
  `Remade by \`node apps/bench/scripts/train-longer.mjs <ntm.js> <sweep folder> ${fraction}\`.`,
  '',
  '| run | converged at step | trained to step | test bit errors then | test bit errors after | test cost then | test cost after | meets the criterion on the test set then | and after |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${row.id} | ${row.convergedAtStep} | ${row.longerSteps} | ${figure(row.atConvergence.bitErrors)} | ${figure(row.longer.bitErrors)} | ${figure(row.atConvergence.cost)} | ${figure(row.longer.cost)} | ${yesNo(row.atConvergence.meetsCriteria)} | ${yesNo(row.longer.meetsCriteria)} |`,
  ),
  '',
];
writeFileSync(join(sweep, 'longer.md'), markdown.join('\n'));
writeFileSync(join(sweep, 'longer.json'), `${JSON.stringify({ fraction, test: spec.test, rows }, null, 2)}\n`);
process.stdout.write(markdown.join('\n'));
