// Scratch (not committed): copy a checkpoint with the optimiser's learning rate changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeCheckpoint, encodeCheckpoint } from '@ntm/machine';
const [from, to, rate] = process.argv.slice(2);
const contents = decodeCheckpoint(readFileSync(from));
const meta = contents.metadata;
const text = JSON.stringify(meta);
console.log(Object.keys(meta), JSON.stringify(meta.config?.optimizer ?? meta.trainer?.config?.optimizer));
const walk = (o) => { if (o && typeof o === 'object') { for (const k of Object.keys(o)) { if (k === 'optimizer' && o[k] && typeof o[k].learningRate === 'number') { console.log('was', o[k].learningRate); o[k].learningRate = Number(rate); } else walk(o[k]); } } };
walk(meta);
writeFileSync(to, encodeCheckpoint(contents));
console.log('wrote', to);
