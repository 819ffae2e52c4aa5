/**
 * Every page of the site, in navigation order. Each has an HTML shell at `path` (Vite's
 * entry: it holds the page's script and, for the demo and training pages, their controls); the
 * docs plugin fills in the title, the header, the sidebar and the Markdown content.
 */

/** One page of the site. */
export interface SitePage {
  /** Written in the shell's marker: `<!-- ntm:page ID -->`. */
  readonly id: string;
  /** The shell and the built file, relative to the app root (and to the site root). */
  readonly path: string;
  /** The `<title>` and the heading in navigation. */
  readonly title: string;
  readonly section: 'home' | 'guide' | 'reference' | 'interactive';
  /** Markdown shown at the top of `<main>`, relative to the app root. */
  readonly markdown?: string;
  /** One line, for the home page's lists. */
  readonly summary: string;
}

/** The pages, in navigation order. */
export const SITE_PAGES: readonly SitePage[] = [
  { id: 'home', path: 'index.html', title: 'ntm', section: 'home', markdown: 'content/home.md', summary: 'Neural Turing Machines in TypeScript.' },
  {
    id: 'what-is-an-ntm',
    path: 'guides/what-is-an-ntm.html',
    title: 'What is a Neural Turing Machine',
    section: 'guide',
    markdown: 'content/guides/what-is-an-ntm.md',
    summary: 'The machine, and its addressing pipeline step by step, with the equations of the paper.',
  },
  {
    id: 'tasks',
    path: 'guides/tasks.html',
    title: 'The five tasks',
    section: 'guide',
    markdown: 'content/guides/tasks.md',
    summary: 'Copy, repeat copy, associative recall, dynamic N-grams and priority sort: what they test and their channel layouts.',
  },
  {
    id: 'training-from-the-command-line',
    path: 'guides/training-from-the-command-line.html',
    title: 'Training from the command line',
    section: 'guide',
    markdown: 'content/guides/training-from-the-command-line.md',
    summary: '`ntm train`, `eval`, `show` and `plot`: every flag, run directories, resuming.',
  },
  {
    id: 'sweeps',
    path: 'guides/sweeps.html',
    title: 'Many runs: sweeps',
    section: 'guide',
    markdown: 'content/guides/sweeps.md',
    summary: '`ntm sweep` over seeds and settings, on this machine or on a Redis queue with `ntm worker`s; reports over seeds.',
  },
  {
    id: 'reproduction',
    path: 'guides/reproduction.html',
    title: "Reproducing the paper's experiments",
    section: 'guide',
    markdown: 'content/guides/reproduction.md',
    summary: "The paper's five experiments beside this library's, over seeds: sequences and minutes to each criterion, test sets, generalisation.",
  },
  {
    id: 'backends',
    path: 'guides/backends.html',
    title: 'Choosing and swapping backends',
    section: 'guide',
    markdown: 'content/guides/backends.md',
    summary: 'tfjs-wasm, tfjs-cpu and the float64 reference; priorities and fallback; WASM in the browser.',
  },
  {
    id: 'extending',
    path: 'guides/extending.html',
    title: 'Writing your own controller or backend',
    section: 'guide',
    markdown: 'content/guides/extending.md',
    summary: 'The Controller interface and the NtmBackend contract, and how the conformance suite checks a backend.',
  },
  {
    id: 'packages',
    path: 'guides/packages.html',
    title: 'The package map',
    section: 'guide',
    markdown: 'content/guides/packages.md',
    summary: 'Which package to import for what, and how they depend on each other.',
  },
  {
    id: 'api',
    path: 'api.html',
    title: 'API reference',
    section: 'reference',
    markdown: 'content/api.md',
    summary: 'Every public export of every package, generated from the sources and their JSDoc.',
  },
  {
    id: 'demo',
    path: 'demo.html',
    title: 'Watch an NTM work',
    section: 'interactive',
    markdown: 'content/demo.md',
    summary: "Run the trained models (copy, repeat copy, recall) in your browser and step through an episode: the paper's Figure 6, live.",
  },
  {
    id: 'train',
    path: 'train.html',
    title: 'Train an NTM in this tab',
    section: 'interactive',
    markdown: 'content/train.md',
    summary: 'Train a small copy model in a web worker and watch its learning curve fall.',
  },
];

/**
 * The page with this id (throws, listing the ids, for an unknown one).
 * @example pageById('demo').path // 'demo.html'
 */
export function pageById(id: string): SitePage {
  const page = SITE_PAGES.find((candidate) => candidate.id === id);
  if (!page) throw new Error(`docs: unknown page id ${JSON.stringify(id)}; expected one of ${SITE_PAGES.map((p) => p.id).join(', ')}`);
  return page;
}

/**
 * The relative prefix from a page to the site root.
 * @example rootPrefix('guides/tasks.html') // '../'
 */
export function rootPrefix(path: string): string {
  return '../'.repeat(path.split('/').length - 1);
}
