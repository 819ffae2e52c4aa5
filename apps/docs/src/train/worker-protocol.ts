/**
 * The messages between the training page and its worker. The worker owns tfjs and the
 * trainer; the page only draws.
 */
import type { TrainingConfig } from '@ntm/trainer';

/** Page → worker. */
export type PageMessage = { readonly kind: 'start'; readonly config: TrainingConfig } | { readonly kind: 'stop' };

/** Worker → page. */
export type WorkerMessage =
  | { readonly kind: 'started'; readonly backend: string; readonly parameters: number }
  | {
      readonly kind: 'step';
      readonly step: number;
      readonly sequencesSeen: number;
      /** Training cost of the batch, bits per sequence. */
      readonly cost: number;
      readonly bitErrors: number;
      readonly sequencesPerSecond: number;
      readonly wallSeconds: number;
    }
  | {
      readonly kind: 'evaluation';
      readonly step: number;
      readonly sequencesSeen: number;
      /** Held-out cost, bits per sequence. */
      readonly cost: number;
      readonly bitErrors: number;
      readonly wallSeconds: number;
    }
  | { readonly kind: 'finished'; readonly reason: string; readonly step: number; readonly checkpoint: Uint8Array }
  | { readonly kind: 'error'; readonly message: string };
