import { controllerParameterCount, lstmParameterCount } from '@ntm/controllers';
import { headsParameterCount } from '@ntm/heads';
import { resolveModelConfig, type ModelConfig } from './config.js';

/**
 * The number of trainable parameters a config gives, without building it (no backend).
 * Equals `createModel(backend, config).parameters.count()`.
 *
 * @example
 * ```ts
 * modelParameterCount({ kind: 'ntm', inputSize: 9, outputSize: 8 }); // the copy-task NTM-LSTM
 * ```
 */
export function modelParameterCount(config: ModelConfig): number {
  const resolved = resolveModelConfig(config);
  if (resolved.kind === 'lstm') {
    const lastLayer = resolved.layerSizes[resolved.layerSizes.length - 1] as number;
    return lstmParameterCount({ inputSize: resolved.inputSize, layerSizes: resolved.layerSizes }) + (lastLayer + 1) * resolved.outputSize;
  }
  const { memory, heads } = resolved;
  const controllerInputSize = resolved.inputSize + heads.readHeads * memory.wordSize;
  const controller = controllerParameterCount({ ...resolved.controller, inputSize: controllerInputSize });
  const controllerSize =
    resolved.controller.kind === 'lstm'
      ? (resolved.controller.layerSizes[resolved.controller.layerSizes.length - 1] as number)
      : (resolved.controller.hiddenSizes[resolved.controller.hiddenSizes.length - 1] ?? controllerInputSize);
  const headParameters = headsParameterCount({
    controllerSize,
    readHeads: heads.readHeads,
    writeHeads: heads.writeHeads,
    wordSize: memory.wordSize,
    shiftRadius: heads.shiftRadius,
  });
  const learnedMemory = memory.initialization === 'learned' ? memory.slots * memory.wordSize : 0;
  const initialState = heads.readHeads * memory.wordSize + (heads.readHeads + heads.writeHeads) * memory.slots;
  const output = (controllerSize + heads.readHeads * memory.wordSize + 1) * resolved.outputSize;
  return controller + headParameters + learnedMemory + initialState + output;
}
