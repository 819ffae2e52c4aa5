/**
 * Hands a checkpoint from the training page to the demo in the same tab session: the bytes,
 * base64-encoded, under one sessionStorage key; the demo opens it for `?checkpoint=trained`.
 */

/** The sessionStorage key. */
export const TRAINED_CHECKPOINT_KEY = 'ntm-docs:trained-checkpoint';

/** The demo's URL parameter value that asks for it. */
export const TRAINED_CHECKPOINT_PARAMETER = 'trained';

/**
 * Bytes as base64 (sessionStorage holds strings).
 * @example bytesToBase64(Uint8Array.from([1, 2, 255])) // 'AQL/'
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let start = 0; start < bytes.length; start += chunk) {
    binary += String.fromCharCode(...bytes.subarray(start, start + chunk));
  }
  return btoa(binary);
}

/**
 * The inverse of {@link bytesToBase64}.
 * @example base64ToBytes('AQL/') // Uint8Array [1, 2, 255]
 */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
