/**
 * Extracts the API reference of every package from its TypeScript sources with the
 * TypeScript compiler API: each entry point of a package's `exports` (the `@ntm/source`
 * condition's file), every symbol it exports (following `export *` and re-exports), its
 * declaration as a signature, its JSDoc text and tags (`@example` blocks kept whole), and the
 * public members of classes and interfaces. Runs at build time only (in Node).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { PACKAGES_DIRECTORY, REPOSITORY_ROOT } from './repository.js';

/** What kind of declaration an export is. */
export type ApiKind = 'function' | 'class' | 'interface' | 'type' | 'variable' | 'enum' | 'namespace';

/** A JSDoc block tag other than `@example` (`@param`, `@returns`, `@throws`, `@see`, …). */
export interface ApiTag {
  readonly name: string;
  readonly text: string;
}

/** A public member of a class or an interface. */
export interface ApiMember {
  readonly name: string;
  readonly kind: 'property' | 'method' | 'constructor' | 'accessor' | 'call-signature' | 'index-signature';
  readonly isStatic: boolean;
  readonly signature: string;
  /** The JSDoc text, Markdown. */
  readonly documentation: string;
  readonly examples: readonly string[];
  readonly tags: readonly ApiTag[];
}

/** One exported name of an entry point. */
export interface ApiExport {
  readonly name: string;
  readonly kind: ApiKind;
  /** True for `export type` names (no runtime value). */
  readonly typeOnly: boolean;
  /** The HTML id of its section: `<entry slug>.<name>`. */
  readonly anchor: string;
  /** One per declaration or overload, without bodies or comments. */
  readonly signatures: readonly string[];
  /** The JSDoc text, Markdown. */
  readonly documentation: string;
  /** Every `@example` block, as written. */
  readonly examples: readonly string[];
  readonly tags: readonly ApiTag[];
  readonly members: readonly ApiMember[];
  /** `packages/<name>/src/<file>.ts:<line>`. */
  readonly source: string;
}

/** One entry point of a package: `@ntm/machine` or a subpath such as `@ntm/machine/node`. */
export interface ApiEntryPoint {
  readonly specifier: string;
  /** Its source file, relative to the repository root. */
  readonly file: string;
  /** The file's leading JSDoc (what a side-effect entry such as `/register` does). */
  readonly documentation: string;
  readonly examples: readonly string[];
  readonly exports: readonly ApiExport[];
}

/** One package of `packages/`. */
export interface ApiPackage {
  readonly name: string;
  readonly description: string;
  /** `packages/<name>`. */
  readonly directory: string;
  /** Empty for a package with no importable entry (the command line). */
  readonly entryPoints: readonly ApiEntryPoint[];
}

/** The whole reference. */
export interface ApiReference {
  readonly packages: readonly ApiPackage[];
}

interface PackageJson {
  readonly name: string;
  readonly description?: string;
  readonly exports?: Record<string, Record<string, string> | string>;
}

/**
 * The entry points of one package: every `exports` subpath with an `@ntm/source` condition.
 *
 * @example
 * ```ts
 * packageEntryPoints('packages/backend-tfjs');
 * // [{ specifier: '@ntm/backend-tfjs', file: '…/src/index.ts' }, { specifier: '@ntm/backend-tfjs/register', … }]
 * ```
 */
export function packageEntryPoints(packageDirectory: string): { specifier: string; file: string }[] {
  const manifest = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as PackageJson;
  return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
    const source = typeof target === 'object' ? target['@ntm/source'] : undefined;
    if (source === undefined) return [];
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`;
    return [{ specifier, file: join(packageDirectory, source) }];
  });
}

/**
 * The URL fragment of an export's section.
 * @example anchorOf('@ntm/backend-tfjs', 'createTfjsBackend') // 'ntm-backend-tfjs.createTfjsBackend'
 */
export function anchorOf(specifier: string, name: string): string {
  return `${specifier.replace(/^@/, '').replace(/[^A-Za-z0-9]+/g, '-')}.${name}`;
}

/**
 * Reads every package under `packages/` and extracts its public API.
 *
 * @example
 * ```ts
 * const reference = extractApiReference();
 * reference.packages.find((p) => p.name === '@ntm/machine')?.entryPoints[0]?.exports.map((e) => e.name);
 * ```
 */
export function extractApiReference(packagesDirectory = PACKAGES_DIRECTORY): ApiReference {
  const directories = readdirSync(packagesDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(packagesDirectory, entry.name))
    .filter((directory) => {
      try {
        readFileSync(join(directory, 'package.json'));
        return true;
      } catch {
        return false;
      }
    })
    .sort();
  const entries = directories.flatMap((directory) => packageEntryPoints(directory));
  const program = createProgram(entries.map((entry) => entry.file));
  const extractor = new Extractor(program);
  return {
    packages: directories.map((directory) => {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as PackageJson;
      return {
        name: manifest.name,
        description: manifest.description ?? '',
        directory: relative(REPOSITORY_ROOT, directory),
        entryPoints: packageEntryPoints(directory).map(({ specifier, file }) => extractor.entryPoint(specifier, file)),
      };
    }),
  };
}

function createProgram(rootNames: string[]): ts.Program {
  const configPath = join(REPOSITORY_ROOT, 'tsconfig.base.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, REPOSITORY_ROOT, undefined, configPath);
  return ts.createProgram({ rootNames, options: { ...parsed.options, noEmit: true, declaration: false, declarationMap: false } });
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/**
 * Modifiers worth showing in a signature: not `export`, `default` or `declare`, nor `async`
 * (an implementation detail: the return type already says `Promise`).
 */
function shownModifiers(node: ts.Node): ts.ModifierLike[] | undefined {
  if (!ts.canHaveModifiers(node)) return undefined;
  const hidden = new Set([ts.SyntaxKind.ExportKeyword, ts.SyntaxKind.DefaultKeyword, ts.SyntaxKind.DeclareKeyword, ts.SyntaxKind.AsyncKeyword]);
  return ts.getModifiers(node)?.filter((modifier) => !hidden.has(modifier.kind));
}

class Extractor {
  private readonly checker: ts.TypeChecker;

  constructor(private readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
  }

  entryPoint(specifier: string, file: string): ApiEntryPoint {
    const sourceFile = this.program.getSourceFile(file);
    if (!sourceFile) throw new Error(`API reference: ${file} (entry point ${specifier}) is not part of the program`);
    const moduleSymbol = this.checker.getSymbolAtLocation(sourceFile);
    const exported = moduleSymbol ? this.checker.getExportsOfModule(moduleSymbol) : [];
    const leading = leadingFileComment(sourceFile);
    return {
      specifier,
      file: relative(REPOSITORY_ROOT, file),
      documentation: leading.documentation,
      examples: leading.examples,
      exports: exported.map((symbol) => this.exportOf(specifier, symbol)).sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.name.localeCompare(b.name)),
    };
  }

  private exportOf(specifier: string, exportedSymbol: ts.Symbol): ApiExport {
    const name = exportedSymbol.getName();
    const symbol = exportedSymbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exportedSymbol) : exportedSymbol;
    const declarations = symbol.getDeclarations() ?? [];
    const first = declarations[0];
    if (!first) throw new Error(`API reference: ${specifier} exports ${name}, which has no declaration`);
    const kind = kindOf(first);
    const { documentation, examples, tags } = this.docsOf(symbol.getDocumentationComment(this.checker), symbol.getJsDocTags(this.checker));
    const sourceFile = first.getSourceFile();
    const line = sourceFile.getLineAndCharacterOfPosition(first.getStart(sourceFile)).line + 1;
    return {
      name,
      kind,
      typeOnly: (symbol.flags & ts.SymbolFlags.Value) === 0,
      anchor: anchorOf(specifier, name),
      signatures: this.signaturesOf(name, declarations),
      documentation,
      examples,
      tags,
      members: kind === 'class' || kind === 'interface' ? this.membersOf(declarations) : [],
      source: `${relative(REPOSITORY_ROOT, sourceFile.fileName)}:${line}`,
    };
  }

  private signaturesOf(name: string, declarations: readonly ts.Declaration[]): string[] {
    const functions = declarations.filter(ts.isFunctionDeclaration);
    // With overloads, the implementation's signature is not callable from outside.
    const shown = functions.length > 1 ? functions.filter((declaration) => declaration.body === undefined) : declarations;
    const signatures = shown.map((declaration) => this.signatureOf(name, declaration)).filter((text) => text.length > 0);
    return [...new Set(signatures)];
  }

  private signatureOf(name: string, node: ts.Declaration): string {
    const sourceFile = node.getSourceFile();
    if (ts.isFunctionDeclaration(node)) {
      const bodiless = ts.factory.updateFunctionDeclaration(
        node,
        shownModifiers(node),
        node.asteriskToken,
        node.name,
        node.typeParameters,
        node.parameters,
        node.type,
        undefined,
      );
      return print(bodiless, sourceFile);
    }
    if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) return headerOf(node, sourceFile);
    if (ts.isTypeAliasDeclaration(node)) {
      return print(ts.factory.updateTypeAliasDeclaration(node, shownModifiers(node), node.name, node.typeParameters, node.type), sourceFile);
    }
    if (ts.isEnumDeclaration(node)) {
      return print(ts.factory.updateEnumDeclaration(node, shownModifiers(node), node.name, node.members), sourceFile);
    }
    if (ts.isVariableDeclaration(node)) {
      const keyword = node.parent.flags & ts.NodeFlags.Const ? 'const' : 'let';
      const initializer = node.initializer && !ts.isArrowFunction(node.initializer) ? print(node.initializer, sourceFile) : '';
      // Short values say more than their type (defaults, priorities); long ones are left out.
      const value = initializer.length > 0 && initializer.length <= 240 ? ` = ${initializer}` : '';
      // An inferred type beside its own value only repeats it.
      if (value !== '' && !node.type) return `${keyword} ${name}${value}`;
      const type = node.type
        ? print(node.type, sourceFile)
        : this.checker.typeToString(this.checker.getTypeAtLocation(node), undefined, ts.TypeFormatFlags.NoTruncation);
      return `${keyword} ${name}: ${type}${value}`;
    }
    if (ts.isModuleDeclaration(node)) return `namespace ${name}`;
    return print(node, sourceFile);
  }

  private membersOf(declarations: readonly ts.Declaration[]): ApiMember[] {
    const members: ApiMember[] = [];
    const seen = new Set<string>();
    for (const declaration of declarations) {
      if (!ts.isClassDeclaration(declaration) && !ts.isInterfaceDeclaration(declaration)) continue;
      const sourceFile = declaration.getSourceFile();
      for (const member of declaration.members) {
        const member_ = this.memberOf(member, sourceFile);
        if (!member_) continue;
        const key = `${member_.isStatic ? 'static ' : ''}${member_.kind}:${member_.signature}`;
        if (seen.has(key)) continue;
        seen.add(key);
        members.push(member_);
      }
    }
    return members;
  }

  private memberOf(member: ts.ClassElement | ts.TypeElement, sourceFile: ts.SourceFile): ApiMember | null {
    const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
    if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return null;
    if (member.name && ts.isPrivateIdentifier(member.name)) return null;
    const isStatic = (flags & ts.ModifierFlags.Static) !== 0;
    const name = member.name ? member.name.getText(sourceFile) : '';
    let kind: ApiMember['kind'];
    let signature: string;
    let docs: ReturnType<Extractor['docsOf']>;
    if (ts.isConstructorDeclaration(member)) {
      kind = 'constructor';
      signature = print(ts.factory.updateConstructorDeclaration(member, shownModifiers(member), member.parameters, undefined), sourceFile);
      docs = this.signatureDocs(member);
    } else if (ts.isMethodDeclaration(member)) {
      kind = 'method';
      signature = print(
        ts.factory.updateMethodDeclaration(
          member,
          shownModifiers(member),
          member.asteriskToken,
          member.name,
          member.questionToken,
          member.typeParameters,
          member.parameters,
          member.type,
          undefined,
        ),
        sourceFile,
      );
      docs = this.signatureDocs(member);
    } else if (ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member)) {
      kind = 'accessor';
      signature = ts.isGetAccessorDeclaration(member)
        ? print(ts.factory.updateGetAccessorDeclaration(member, shownModifiers(member), member.name, member.parameters, member.type, undefined), sourceFile)
        : print(ts.factory.updateSetAccessorDeclaration(member, shownModifiers(member), member.name, member.parameters, undefined), sourceFile);
      docs = this.symbolDocs(member);
    } else if (ts.isMethodSignature(member)) {
      kind = 'method';
      signature = print(member, sourceFile);
      docs = this.signatureDocs(member);
    } else if (ts.isPropertyDeclaration(member) || ts.isPropertySignature(member)) {
      kind = 'property';
      signature = print(member, sourceFile);
      docs = this.symbolDocs(member);
    } else if (ts.isCallSignatureDeclaration(member) || ts.isConstructSignatureDeclaration(member)) {
      kind = 'call-signature';
      signature = print(member, sourceFile);
      docs = this.signatureDocs(member);
    } else if (ts.isIndexSignatureDeclaration(member)) {
      kind = 'index-signature';
      signature = print(member, sourceFile);
      docs = { documentation: '', examples: [], tags: [] };
    } else {
      return null; // class static blocks, semicolons
    }
    return { name, kind, isStatic, signature: signature.replace(/;$/, ''), ...docs };
  }

  private signatureDocs(node: ts.SignatureDeclaration): { documentation: string; examples: string[]; tags: ApiTag[] } {
    const signature = this.checker.getSignatureFromDeclaration(node);
    if (!signature) return this.symbolDocs(node);
    return this.docsOf(signature.getDocumentationComment(this.checker), signature.getJsDocTags());
  }

  private symbolDocs(node: ts.Node): { documentation: string; examples: string[]; tags: ApiTag[] } {
    const name = (node as ts.NamedDeclaration).name;
    const symbol = name ? this.checker.getSymbolAtLocation(name) : undefined;
    if (!symbol) return { documentation: '', examples: [], tags: [] };
    return this.docsOf(symbol.getDocumentationComment(this.checker), symbol.getJsDocTags(this.checker));
  }

  private docsOf(comment: readonly ts.SymbolDisplayPart[], tags: readonly ts.JSDocTagInfo[]): { documentation: string; examples: string[]; tags: ApiTag[] } {
    return {
      documentation: partsToMarkdown(comment),
      examples: tags.filter((tag) => tag.name === 'example').map((tag) => partsToMarkdown(tag.text ?? []).trim()),
      tags: tags.filter((tag) => tag.name !== 'example').map((tag) => ({ name: tag.name, text: partsToMarkdown(tag.text ?? []).trim() })),
    };
  }
}

/**
 * JSDoc display parts as Markdown: `{@link Name}` becomes `` `Name` `` (the page links code
 * spans that name an export), everything else is kept as written.
 */
function partsToMarkdown(parts: readonly ts.SymbolDisplayPart[]): string {
  let text = '';
  let inLink = false;
  let linkTarget = '';
  let linkText = '';
  for (const part of parts) {
    if (part.kind === 'link') {
      if (part.text.startsWith('{@link')) {
        inLink = true;
        linkTarget = '';
        linkText = '';
      } else {
        inLink = false;
        text += `\`${(linkText || linkTarget).trim()}\``;
      }
    } else if (inLink && part.kind === 'linkName') {
      linkTarget += part.text;
    } else if (inLink && part.kind === 'linkText') {
      linkText += part.text;
    } else if (inLink) {
      linkText += part.text;
    } else {
      text += part.text;
    }
  }
  return text.trim();
}

function print(node: ts.Node, sourceFile: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, sourceFile).trim().replace(/;$/, '');
}

/** `class Trainer`, `interface NtmBackend extends …`: the declaration up to its body. */
function headerOf(node: ts.ClassDeclaration | ts.InterfaceDeclaration, sourceFile: ts.SourceFile): string {
  const text = sourceFile.text.slice(node.getStart(sourceFile), node.members.pos);
  return text
    .replace(/\{\s*$/, '')
    .replace(/^(export\s+)?(default\s+)?(declare\s+)?/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function kindOf(node: ts.Declaration): ApiKind {
  if (ts.isFunctionDeclaration(node)) return 'function';
  if (ts.isClassDeclaration(node)) return 'class';
  if (ts.isInterfaceDeclaration(node)) return 'interface';
  if (ts.isTypeAliasDeclaration(node)) return 'type';
  if (ts.isEnumDeclaration(node)) return 'enum';
  if (ts.isModuleDeclaration(node)) return 'namespace';
  return 'variable';
}

function kindOrder(kind: ApiKind): number {
  return ['function', 'class', 'variable', 'interface', 'type', 'enum', 'namespace'].indexOf(kind);
}

/** The first JSDoc comment of a file, split into text and `@example` blocks. */
function leadingFileComment(sourceFile: ts.SourceFile): { documentation: string; examples: string[] } {
  // A comment before a declaration documents the declaration, not the file.
  const first = sourceFile.statements[0];
  if (first && !ts.isImportDeclaration(first) && !ts.isExportDeclaration(first) && !ts.isExpressionStatement(first)) {
    return { documentation: '', examples: [] };
  }
  const ranges = ts.getLeadingCommentRanges(sourceFile.text, 0) ?? [];
  const jsDoc = ranges.map((range) => sourceFile.text.slice(range.pos, range.end)).find((comment) => comment.startsWith('/**'));
  if (!jsDoc) return { documentation: '', examples: [] };
  const lines = jsDoc
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''));
  const body = lines.join('\n');
  const [documentation = '', ...blocks] = body.split(/^@example\b/m);
  return { documentation: documentation.trim(), examples: blocks.map((block) => block.trim()) };
}
