import { describe, expect, it } from 'vitest';
import type { ApiReference } from './api-reference.js';
import { codeLinker, exportAnchors, renderApiReference } from './render-api.js';

const reference: ApiReference = {
  packages: [
    {
      name: '@ntm/example',
      description: 'An example package.',
      directory: 'packages/example',
      entryPoints: [
        {
          specifier: '@ntm/example',
          file: 'packages/example/src/index.ts',
          documentation: '',
          examples: [],
          exports: [
            {
              name: 'makeThing',
              kind: 'function',
              typeOnly: false,
              anchor: 'ntm-example.makeThing',
              signatures: ['function makeThing(size: number): Thing'],
              documentation: 'Makes a `Thing` of a size.',
              examples: ['makeThing(3)'],
              tags: [{ name: 'throws', text: 'RangeError for a negative size' }],
              members: [],
              source: 'packages/example/src/thing.ts:4',
            },
            {
              name: 'Thing',
              kind: 'interface',
              typeOnly: true,
              anchor: 'ntm-example.Thing',
              signatures: ['interface Thing'],
              documentation: '',
              examples: [],
              tags: [],
              members: [
                { name: 'size', kind: 'property', isStatic: false, signature: 'readonly size: number', documentation: 'How big.', examples: [], tags: [] },
              ],
              source: 'packages/example/src/thing.ts:1',
            },
          ],
        },
      ],
    },
    { name: '@ntm/cli', description: 'The command.', directory: 'packages/cli', entryPoints: [] },
  ],
};

describe('renderApiReference', () => {
  it('renders a section per export with its signature, docs, tags, example and members', () => {
    const { html, headings, exportCount } = renderApiReference(reference, 'guides/');
    expect(exportCount).toBe(2);
    expect(headings.map((heading) => heading.text)).toEqual(['@ntm/example', '@ntm/cli']);
    expect(html).toContain('<section class="api-export" id="ntm-example.makeThing" data-name="makeThing" data-kind="function">');
    expect(html).toContain('<span class="tok-keyword">function</span> makeThing(size: number): Thing');
    // The code span naming another export links to it.
    expect(html).toContain('<a class="code-link" href="#ntm-example.Thing"><code>Thing</code></a>');
    expect(html).toContain('<dt>@throws</dt>');
    expect(html).toContain('<p class="api-example-label">Example</p>');
    expect(html).toContain('makeThing(<span class="tok-number">3</span>)');
    expect(html).toContain('<li class="api-member" data-member="size">');
    expect(html).toContain('it is the <code>ntm</code> command');
    expect(html).toContain('href="guides/training-from-the-command-line.html"');
  });
});

describe('codeLinker', () => {
  it('links export names, members of them and calls, and nothing else', () => {
    const link = codeLinker(exportAnchors(reference), '../api.html');
    expect(link('makeThing')).toBe('../api.html#ntm-example.makeThing');
    expect(link('makeThing()')).toBe('../api.html#ntm-example.makeThing');
    expect(link('Thing.size')).toBe('../api.html#ntm-example.Thing');
    expect(link('makeThing(3)')).toBeUndefined();
    expect(link('unknown')).toBeUndefined();
  });
});
