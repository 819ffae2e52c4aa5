/**
 * The API reference page's HTML, from {@link ApiReference}: one section per package, one per
 * entry point, one per export (signature, JSDoc, tags, `@example` blocks, public members).
 */
import type { ApiEntryPoint, ApiExport, ApiMember, ApiReference, ApiTag } from './api-reference.js';
import { escapeHtml, highlightCode } from './highlight.js';
import { renderMarkdown, slugify, type MarkdownHeading } from './markdown.js';

/**
 * Every exported name with the anchor of its section, for linking code spans. A name exported
 * by two entry points links to the first (packages in alphabetical order), since re-exports
 * document the same thing.
 *
 * @example exportAnchors(reference).get('createTfjsBackend') // 'ntm-backend-tfjs.createTfjsBackend'
 */
export function exportAnchors(reference: ApiReference): Map<string, string> {
  const anchors = new Map<string, string>();
  for (const pkg of reference.packages) {
    for (const entry of pkg.entryPoints) {
      for (const exported of entry.exports) if (!anchors.has(exported.name)) anchors.set(exported.name, exported.anchor);
    }
  }
  return anchors;
}

/**
 * A code-span linker: `` `createBackend` ``, `` `Trainer.create` `` and `` `createBackend()` ``
 * link to their export's section of the API page at `apiPath`.
 *
 * @example codeLinker(anchors, 'api.html')('Trainer.create') // 'api.html#ntm-trainer.Trainer'
 */
export function codeLinker(anchors: ReadonlyMap<string, string>, apiPath: string): (text: string) => string | undefined {
  return (text) => {
    const match = /^([A-Za-z_$][\w$]*)(?:\.[A-Za-z_$][\w$]*)?(?:\(\))?$/.exec(text.trim());
    const anchor = match ? anchors.get(match[1] as string) : undefined;
    return anchor === undefined ? undefined : `${apiPath}#${anchor}`;
  };
}

/** What {@link renderApiReference} returns. */
export interface RenderedApiReference {
  readonly html: string;
  /** Packages (depth 2), for the sidebar. */
  readonly headings: readonly MarkdownHeading[];
  readonly exportCount: number;
}

/**
 * Renders the reference as HTML.
 * @example const { html, exportCount } = renderApiReference(extractApiReference(), 'guides/');
 */
export function renderApiReference(reference: ApiReference, guidesPath = 'guides/'): RenderedApiReference {
  const anchors = exportAnchors(reference);
  const markdown = (text: string) => renderMarkdown(text, { linkCode: codeLinker(anchors, ''), idPrefix: 'doc-' }).html;
  const headings: MarkdownHeading[] = [];
  let exportCount = 0;
  const sections = reference.packages.map((pkg) => {
    const id = slugify(pkg.name);
    headings.push({ depth: 2, text: pkg.name, id });
    const entries = pkg.entryPoints.map((entry) => {
      exportCount += entry.exports.length;
      return renderEntryPoint(entry, markdown);
    });
    const noEntry =
      pkg.entryPoints.length === 0
        ? `<p class="api-note"><code>${escapeHtml(pkg.name)}</code> has no importable entry point: it is the <code>ntm</code> command. ` +
          `See <a href="${guidesPath}training-from-the-command-line.html">Training from the command line</a> for its commands and flags.</p>`
        : '';
    return [
      `<section class="api-package" id="${id}" data-package="${escapeHtml(pkg.name)}">`,
      `<h2><a class="heading-anchor" href="#${id}">${escapeHtml(pkg.name)}</a></h2>`,
      `<p class="api-package-description">${escapeHtml(pkg.description)}</p>`,
      `<p class="api-source">${escapeHtml(pkg.directory)}</p>`,
      noEntry,
      ...entries,
      '</section>',
    ].join('\n');
  });
  return { html: sections.join('\n'), headings, exportCount };
}

function renderEntryPoint(entry: ApiEntryPoint, markdown: (text: string) => string): string {
  const index = entry.exports
    .map((exported) => `<a href="#${exported.anchor}" class="api-index-item kind-${exported.kind}">${escapeHtml(exported.name)}</a>`)
    .join(' ');
  return [
    `<div class="api-entry" data-specifier="${escapeHtml(entry.specifier)}">`,
    `<h3 class="api-entry-title"><code>import … from '${escapeHtml(entry.specifier)}'</code></h3>`,
    entry.documentation ? markdown(entry.documentation) : '',
    ...entry.examples.map((example) => examplesHtml([example], markdown)),
    entry.exports.length === 0
      ? '<p class="api-note">A side-effect entry point: importing it is all it takes; it exports nothing.</p>'
      : `<p class="api-index">${index}</p>`,
    ...entry.exports.map((exported) => renderExport(exported, markdown)),
    '</div>',
  ].join('\n');
}

function renderExport(exported: ApiExport, markdown: (text: string) => string): string {
  return [
    `<section class="api-export" id="${escapeHtml(exported.anchor)}" data-name="${escapeHtml(exported.name)}" data-kind="${exported.kind}">`,
    `<h4 class="api-export-title"><a class="heading-anchor" href="#${escapeHtml(exported.anchor)}">${escapeHtml(exported.name)}</a>` +
      ` <span class="api-kind kind-${exported.kind}">${exported.typeOnly && exported.kind !== 'interface' && exported.kind !== 'type' ? `${exported.kind} (type)` : exported.kind}</span></h4>`,
    ...exported.signatures.map((signature) => `<pre class="code signature"><code>${highlightCode(signature, 'ts')}</code></pre>`),
    exported.documentation ? `<div class="api-doc">${markdown(exported.documentation)}</div>` : '',
    tagsHtml(exported.tags, markdown),
    examplesHtml(exported.examples, markdown),
    exported.members.length > 0 ? membersHtml(exported.members, markdown) : '',
    `<p class="api-source">${escapeHtml(exported.source)}</p>`,
    '</section>',
  ].join('\n');
}

function membersHtml(members: readonly ApiMember[], markdown: (text: string) => string): string {
  const items = members.map((member) =>
    [
      `<li class="api-member" data-member="${escapeHtml(member.name)}">`,
      `<pre class="code signature"><code>${highlightCode(member.signature, 'ts')}</code></pre>`,
      member.documentation ? `<div class="api-doc">${markdown(member.documentation)}</div>` : '',
      tagsHtml(member.tags, markdown),
      examplesHtml(member.examples, markdown),
      '</li>',
    ].join(''),
  );
  return `<details class="api-members" open><summary>Members (${members.length})</summary><ul>${items.join('\n')}</ul></details>`;
}

function tagsHtml(tags: readonly ApiTag[], markdown: (text: string) => string): string {
  if (tags.length === 0) return '';
  const rows = tags.map((tag) => `<dt>@${escapeHtml(tag.name)}</dt><dd>${markdown(tag.text)}</dd>`);
  return `<dl class="api-tags">${rows.join('')}</dl>`;
}

function examplesHtml(examples: readonly string[], markdown: (text: string) => string): string {
  if (examples.length === 0) return '';
  // An example without a fence is code written straight after the tag.
  const blocks = examples.map((example) => (example.includes('```') ? markdown(example) : markdown('```ts\n' + example + '\n```')));
  return `<div class="api-example"><p class="api-example-label">Example</p>${blocks.join('')}</div>`;
}
