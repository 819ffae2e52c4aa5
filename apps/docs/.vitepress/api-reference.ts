/**
 * The API reference, generated with TypeDoc from the packages' sources and JSDoc: one module
 * per public entry point (`@ntm/machine`, `@ntm/machine/node`, …; see `entry-points.ts`), written
 * as Markdown pages under `content/api/` by typedoc-plugin-markdown, with typedoc-vitepress-theme's
 * anchors and sidebar, so VitePress renders them like the guides (Shiki for the signatures).
 *
 * The pages are generated at every build and dev start (the site's config calls
 * {@link generateApiReference}) into a git-ignored folder rather than committed: they are
 * derived from the sources, so committing them would only add a second copy to keep in step.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  Application,
  Converter,
  type DeclarationReflection,
  type Logger,
  type ProjectReflection,
  ReflectionKind,
  TSConfigReader,
  type TypeDocOptions,
} from 'typedoc';
import type { PluginOptions } from 'typedoc-plugin-markdown';
import { type EntryPoint, libraryEntryPoints } from './entry-points.js';
import { moduleComment } from './module-comments.js';
import { API_DIRECTORY, APP_DIRECTORY, CONTENT_DIRECTORY } from './repository.js';

/** The sidebar TypeDoc writes beside the pages (typedoc-vitepress-theme), read by the site's config. */
export const API_SIDEBAR_FILE = resolve(API_DIRECTORY, 'typedoc-sidebar.json');

/** What {@link convertApiReference} returns. */
export interface ConvertedApiReference {
  readonly app: Application;
  readonly project: ProjectReflection;
  readonly entryPoints: readonly EntryPoint[];
  /** TypeDoc's validation warnings: an export or member without JSDoc, a `{@link}` to nothing. */
  readonly validationWarnings: readonly string[];
}

/** The options of {@link convertApiReference}. */
export interface ApiReferenceOptions {
  /** Where the Markdown goes; {@link API_DIRECTORY} unless a test writes elsewhere. */
  readonly out?: string;
  /** TypeDoc's log level: `Warn` by default, so the build prints only what needs fixing. */
  readonly logLevel?: 'Verbose' | 'Info' | 'Warn' | 'Error' | 'None';
  /** What to document: every package's entry points unless a test gives its own. */
  readonly entryPoints?: readonly EntryPoint[];
  /** The tsconfig whose files hold the entry points: `tsconfig.api.json` (every package's sources) by default. */
  readonly tsconfig?: string;
}

/**
 * The TypeDoc options. `notDocumented` reports every export (and member) without JSDoc;
 * `test/api-reference.test.ts` fails on any such report.
 */
function typedocOptions(entryPoints: readonly EntryPoint[], options: ApiReferenceOptions): TypeDocOptions & PluginOptions & Record<string, unknown> {
  return {
    entryPoints: entryPoints.map((entry) => entry.file),
    entryPointStrategy: 'resolve',
    // A tsconfig whose files are every package's sources (the entry points must be in it).
    tsconfig: options.tsconfig ?? resolve(APP_DIRECTORY, 'tsconfig.api.json'),
    // Type errors are `pnpm typecheck`'s to report; the reference documents the sources as they are.
    skipErrorChecking: true,
    plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
    out: options.out ?? API_DIRECTORY,
    docsRoot: CONTENT_DIRECTORY,
    readme: resolve(APP_DIRECTORY, 'api-intro.md'),
    name: 'API reference',
    // No "Defined in" links: the repository has no public remote for TypeDoc to link sources to.
    disableSources: true,
    excludePrivate: true,
    excludeInternal: true,
    excludeExternals: true,
    sort: ['kind', 'alphabetical'],
    validation: { notExported: false, invalidLink: true, notDocumented: true, rewrittenLink: true, invalidPath: true, unusedMergeModuleWith: true },
    logLevel: options.logLevel ?? 'Warn',
    // typedoc-plugin-markdown: one page per entry point, signatures as code blocks (highlighted by Shiki).
    outputFileStrategy: 'modules',
    entryFileName: 'index',
    // The introduction and the list of entry points on one page, /api/.
    mergeReadme: true,
    excludeScopesInPaths: true,
    hidePageHeader: true,
    hideBreadcrumbs: true,
    useCodeBlocks: true,
    parametersFormat: 'table',
    indexFormat: 'table',
    // typedoc-vitepress-theme: the sidebar in VitePress's format, groups collapsed.
    sidebar: { autoConfiguration: true, format: 'vitepress', pretty: true, collapsed: true },
  };
}

/**
 * Converts every entry point with TypeDoc (no output written), naming each module by the
 * specifier a program imports. Throws when TypeDoc cannot convert.
 *
 * @example
 * ```ts
 * const { project } = await convertApiReference();
 * project.children?.map((module) => module.name); // ['@ntm/addressing', …, '@ntm/machine/node', …]
 * ```
 */
export async function convertApiReference(options: ApiReferenceOptions = {}): Promise<ConvertedApiReference> {
  const entryPoints = options.entryPoints ?? libraryEntryPoints();
  // Only the tsconfig reader: the default readers also parse process.argv, which is VitePress's here.
  const app = await Application.bootstrapWithPlugins(typedocOptions(entryPoints, options), [new TSConfigReader()]);
  const byFile = new Map(entryPoints.map((entry) => [resolve(entry.file), entry]));
  // TypeDoc names a module by its path (`machine/src/node`); the reader wants the import specifier.
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection: DeclarationReflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    const entry = file === undefined ? undefined : byFile.get(resolve(file));
    if (entry === undefined) return;
    reflection.name = entry.specifier;
    reflection.comment ??= moduleComment(entry);
  });
  const project = await app.convert();
  if (!project) throw new Error('docs: TypeDoc could not convert the packages (its messages are above)');
  // The `validation` checks (undocumented exports, broken {@link}s): logged as warnings, and kept for the tests.
  const validationWarnings: string[] = [];
  const logger = app.logger;
  const log = logger.validationWarning.bind(logger) as (...args: unknown[]) => void;
  logger.validationWarning = ((text: string, ...context: unknown[]) => {
    validationWarnings.push(text);
    log(text, ...context);
  }) as Logger['validationWarning'];
  app.validate(project);
  return { app, project, entryPoints, validationWarnings };
}

/**
 * Writes the API reference's Markdown pages and sidebar into `content/api/` (replacing what is
 * there), for VitePress to render.
 *
 * @example await generateApiReference(); // content/api/index.md, content/api/machine.md, …
 */
export async function generateApiReference(options: ApiReferenceOptions = {}): Promise<ConvertedApiReference> {
  const converted = await convertApiReference(options);
  rmSync(options.out ?? API_DIRECTORY, { recursive: true, force: true });
  await converted.app.generateOutputs(converted.project);
  return converted;
}
