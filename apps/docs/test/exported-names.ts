/**
 * What each entry point exports, read by the TypeScript compiler (independently of TypeDoc):
 * the names a program can import from it, `export *` and re-exports followed, types included.
 */
import { resolve } from 'node:path';
import ts from 'typescript';
import type { EntryPoint } from '../.vitepress/entry-points.js';

/**
 * The exported names of each entry point's file, sorted, by specifier.
 *
 * @example exportedNames(libraryEntryPoints()).get('@ntm/random') // ['Random', 'RandomState']
 */
export function exportedNames(entryPoints: readonly EntryPoint[], tsconfig: string): Map<string, string[]> {
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, resolve(tsconfig, '..'), undefined, tsconfig);
  const program = ts.createProgram({ rootNames: entryPoints.map((entry) => entry.file), options: { ...parsed.options, noEmit: true } });
  const checker = program.getTypeChecker();
  return new Map(
    entryPoints.map((entry) => {
      const source = program.getSourceFile(entry.file);
      const module = source && checker.getSymbolAtLocation(source);
      // A side-effect entry (`@ntm/backend-tfjs/register`) exports nothing: it is no module symbol.
      const names = module ? checker.getExportsOfModule(module).map((symbol) => symbol.getName()) : [];
      return [entry.specifier, names.sort()];
    }),
  );
}
