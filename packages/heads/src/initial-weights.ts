import { glorotUniform, type NtmBackend, type Tensor } from '@ntm/backend';
import type { Random } from '@ntm/random';
import type { HeadsConfig } from './heads-config.js';
import type { HeadParameterSlice } from './parameter-layout.js';

/**
 * The initial projection weights `[controllerSize, C]` in the kind-major column layout of
 * {@link headsLayout}.
 *
 * Mathematically every head has its own linear layer, so each head's columns are drawn as its
 * own Glorot-uniform `[controllerSize, headColumns]` matrix (limit √(6 / (controllerSize +
 * headColumns))): a head starts the same whatever the number of heads beside it, which one
 * Glorot limit over all C columns would not give. Draw order: read heads 0…R−1, then write
 * heads 0…W−1, each row-major with its parameters in layout order; one gather then permutes
 * the columns into the kind-major layout.
 *
 * @internal used by `createHeads`.
 */
export function initialKernel(backend: NtmBackend, random: Random, config: Required<HeadsConfig>, layout: readonly HeadParameterSlice[]): Tensor {
  // The layout is kind-major; within one head its slices are already in parameter order, so
  // a stable sort by (group, head) gives the head-major order the draws are made in.
  const groupOrder = { read: 0, write: 1 } as const;
  const headMajor = [...layout].sort((a, b) => groupOrder[a.group] - groupOrder[b.group] || a.head - b.head);
  const headMajorOffset = new Map<HeadParameterSlice, number>();
  const headWidths: number[] = [];
  let column = 0;
  headMajor.forEach((slice, index) => {
    const previous = headMajor[index - 1];
    if (!previous || previous.group !== slice.group || previous.head !== slice.head) headWidths.push(0);
    headWidths[headWidths.length - 1] = (headWidths.at(-1) as number) + slice.size;
    headMajorOffset.set(slice, column);
    column += slice.size;
  });
  const permutation: number[] = []; // column c of the layout comes from head-major column permutation[c]
  for (const slice of layout) {
    const first = headMajorOffset.get(slice) as number;
    for (let i = 0; i < slice.size; i++) permutation.push(first + i);
  }
  return backend.tidy(() => {
    const perHead = headWidths.map((width) => glorotUniform(backend, [config.controllerSize, width], random)); // [controllerSize, headColumns] each
    const drawn = perHead.length === 1 ? (perHead[0] as Tensor) : backend.concat(perHead, 1); // [controllerSize, C], head-major
    return backend.gather(drawn, permutation, 1); // [controllerSize, C], kind-major
  });
}
