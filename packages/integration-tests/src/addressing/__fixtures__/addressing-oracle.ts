/**
 * An independent float64 oracle for the addressing math: plain loops written straight from
 * the equations of docs/math.md §2 (Graves et al. 2014, eqs. 2–9), sharing no code with the
 * package under test. Arrays are flat row-major Float64Arrays with the shapes in comments.
 */

export interface OracleInputs {
  batch: number;
  heads: number;
  slots: number;
  wordSize: number;
  kernelWidth: number;
  memory: Float64Array; // [batch, slots, wordSize]
  key: Float64Array; // [batch, heads, wordSize]
  keyStrength: Float64Array; // [batch, heads]
  interpolationGate: Float64Array; // [batch, heads]
  shiftWeighting: Float64Array; // [batch, heads, kernelWidth]
  sharpening: Float64Array; // [batch, heads]
  previousWeighting: Float64Array; // [batch, heads, slots]
  /** A further distribution, the input of the stages tested on their own. */
  weighting: Float64Array; // [batch, heads, slots]
  erase: Float64Array; // [batch, heads, wordSize]
  add: Float64Array; // [batch, heads, wordSize]
}

/** The tensor-valued fields of {@link OracleInputs}. */
export type OracleField = Exclude<keyof OracleInputs, 'batch' | 'heads' | 'slots' | 'wordSize' | 'kernelWidth'>;

export const ORACLE_EPSILON = 1e-8;

/** K(k, M[i]) = k·M[i] / (‖k‖‖M[i]‖ + ε) → [batch, heads, slots] */
export function oracleCosine(p: OracleInputs, memory = p.memory, key = p.key): Float64Array {
  const out = new Float64Array(p.batch * p.heads * p.slots);
  for (let b = 0; b < p.batch; b++) {
    for (let h = 0; h < p.heads; h++) {
      for (let i = 0; i < p.slots; i++) {
        let dot = 0;
        let keyNorm = 0;
        let rowNorm = 0;
        for (let m = 0; m < p.wordSize; m++) {
          const k = key[(b * p.heads + h) * p.wordSize + m] as number;
          const v = memory[(b * p.slots + i) * p.wordSize + m] as number;
          dot += k * v;
          keyNorm += k * k;
          rowNorm += v * v;
        }
        out[(b * p.heads + h) * p.slots + i] = dot / (Math.sqrt(keyNorm) * Math.sqrt(rowNorm) + ORACLE_EPSILON);
      }
    }
  }
  return out;
}

function softmaxRows(values: Float64Array, rowLength: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let start = 0; start < values.length; start += rowLength) {
    let max = -Infinity;
    for (let i = 0; i < rowLength; i++) max = Math.max(max, values[start + i] as number);
    let sum = 0;
    for (let i = 0; i < rowLength; i++) sum += Math.exp((values[start + i] as number) - max);
    for (let i = 0; i < rowLength; i++) out[start + i] = Math.exp((values[start + i] as number) - max) / sum;
  }
  return out;
}

/** w^c = softmax_i(β K(k, M[i])) → [batch, heads, slots] */
export function oracleContent(p: OracleInputs): Float64Array {
  const cosine = oracleCosine(p);
  const scaled = cosine.map((value, index) => value * (p.keyStrength[Math.floor(index / p.slots)] as number));
  return softmaxRows(scaled, p.slots);
}

/** w^g = g w^c + (1 − g) w_{t−1} */
export function oracleInterpolate(p: OracleInputs, content: Float64Array): Float64Array {
  return content.map((value, index) => {
    const gate = p.interpolationGate[Math.floor(index / p.slots)] as number;
    return gate * value + (1 - gate) * (p.previousWeighting[index] as number);
  });
}

/** w~[i] = Σ_j w^g[j] s[(i − j) mod N]: the kernel over shifts −n…n laid onto residues mod N. */
export function oracleShift(p: OracleInputs, gated: Float64Array): Float64Array {
  const out = new Float64Array(gated.length);
  const radius = (p.kernelWidth - 1) / 2;
  for (let row = 0; row < p.batch * p.heads; row++) {
    const kernelModN = new Float64Array(p.slots); // s as a function of (i − j) mod N
    for (let shift = -radius; shift <= radius; shift++) {
      const residue = ((shift % p.slots) + p.slots) % p.slots;
      kernelModN[residue] = (kernelModN[residue] as number) + (p.shiftWeighting[row * p.kernelWidth + shift + radius] as number);
    }
    for (let i = 0; i < p.slots; i++) {
      let total = 0;
      for (let j = 0; j < p.slots; j++) {
        total += (gated[row * p.slots + j] as number) * (kernelModN[(((i - j) % p.slots) + p.slots) % p.slots] as number);
      }
      out[row * p.slots + i] = total;
    }
  }
  return out;
}

/** w[i] = (w~[i] + ε)^γ / Σ_j (w~[j] + ε)^γ, computed directly (float64 has the range). */
export function oracleSharpen(p: OracleInputs, shifted: Float64Array): Float64Array {
  const out = new Float64Array(shifted.length);
  for (let row = 0; row < p.batch * p.heads; row++) {
    const gamma = p.sharpening[row] as number;
    let sum = 0;
    for (let i = 0; i < p.slots; i++) sum += ((shifted[row * p.slots + i] as number) + ORACLE_EPSILON) ** gamma;
    for (let i = 0; i < p.slots; i++) {
      out[row * p.slots + i] = ((shifted[row * p.slots + i] as number) + ORACLE_EPSILON) ** gamma / sum;
    }
  }
  return out;
}

/** The whole pipeline. */
export function oracleAddress(p: OracleInputs): Float64Array {
  return oracleSharpen(p, oracleShift(p, oracleInterpolate(p, oracleContent(p))));
}

/** r = Σ_i w[i] M[i] → [batch, heads, wordSize] */
export function oracleRead(p: OracleInputs, weighting: Float64Array): Float64Array {
  const out = new Float64Array(p.batch * p.heads * p.wordSize);
  for (let b = 0; b < p.batch; b++) {
    for (let h = 0; h < p.heads; h++) {
      for (let m = 0; m < p.wordSize; m++) {
        let total = 0;
        for (let i = 0; i < p.slots; i++) {
          total += (weighting[(b * p.heads + h) * p.slots + i] as number) * (p.memory[(b * p.slots + i) * p.wordSize + m] as number);
        }
        out[(b * p.heads + h) * p.wordSize + m] = total;
      }
    }
  }
  return out;
}

/** Erase then add, heads applied one after another (erasures multiply, additions sum). */
export function oracleWrite(
  p: OracleInputs,
  weighting: Float64Array, // [batch, heads, slots]
  erase: Float64Array, // [batch, heads, wordSize]
  add: Float64Array, // [batch, heads, wordSize]
): Float64Array {
  const memory = Float64Array.from(p.memory);
  for (let b = 0; b < p.batch; b++) {
    for (let i = 0; i < p.slots; i++) {
      for (let m = 0; m < p.wordSize; m++) {
        let value = memory[(b * p.slots + i) * p.wordSize + m] as number;
        for (let h = 0; h < p.heads; h++) {
          const w = weighting[(b * p.heads + h) * p.slots + i] as number;
          value *= 1 - w * (erase[(b * p.heads + h) * p.wordSize + m] as number);
        }
        for (let h = 0; h < p.heads; h++) {
          const w = weighting[(b * p.heads + h) * p.slots + i] as number;
          value += w * (add[(b * p.heads + h) * p.wordSize + m] as number);
        }
        memory[(b * p.slots + i) * p.wordSize + m] = value;
      }
    }
  }
  return memory;
}
