import type { TfjsBackendInfo } from '@ntm/backend-tfjs';
import type { MachineInfo } from './machine-info.js';

/**
 * One line on where numbers were measured: CPU, cores, Node, tfjs, WASM SIMD, threads and how the fused kernels run,
 * load, date, commit.
 *
 * @example describeMachineLine(machine, backendInfo, '2026-11-25T20:30:00.000Z')
 * // 'Machine: Intel(R) Xeon(R) … · 2 cores · Node v20.20.0 · tfjs 4.22.0 (WASM SIMD on, one thread, fused kernels wasm-simd) · load 1.2 → 1.4 · 2026-11-25 · commit abc1234'
 */
export function describeMachineLine(machine: MachineInfo, tfjs: TfjsBackendInfo | null, date: string): string {
  const load = (values: readonly number[] | null) => (values ? String(values[0]) : '?');
  const parts = [
    `Machine: ${machine.cpuModel}`,
    `${machine.cores} cores`,
    `Node ${machine.nodeVersion}`,
    tfjs
      ? `tfjs ${tfjs.tfjsVersion} (WASM SIMD ${tfjs.wasmSimd ? 'on' : 'off'}, ${tfjs.wasmMultithreading ? 'multithreaded' : 'one thread'}${tfjs.fusedKernels ? `, fused kernels ${tfjs.fusedKernels}` : ''})`
      : null,
    `load average ${load(machine.loadAverageAtStart)} at start, ${load(machine.loadAverageAtEnd)} at end`,
    date.slice(0, 10),
    machine.gitCommit ? `commit ${machine.gitCommit}` : null,
  ];
  return parts.filter((part) => part !== null).join(' · ');
}
