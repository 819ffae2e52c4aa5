/** Every file of `native/`, sorted, as absolute paths. */
export function nativeSourceFiles(root: string): string[];
/** SHA-256 over the names and contents of the native sources (hex). */
export function hashNativeSources(root: string): string;
