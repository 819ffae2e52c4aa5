/**
 * The hand-written pages of the site, in navigation order (the sidebar and the header link to
 * them; the API reference's pages come from TypeDoc).
 */

/** One page: its title in navigation, and its link (VitePress's: no `.html`). */
export interface SitePage {
  readonly title: string;
  readonly link: string;
}

/** The guides, `content/guides/*.md`. */
export const GUIDES: readonly SitePage[] = [
  { title: 'What is a Neural Turing Machine', link: '/guides/what-is-an-ntm' },
  { title: 'The five tasks', link: '/guides/tasks' },
  { title: 'Training from the command line', link: '/guides/training-from-the-command-line' },
  { title: 'Many runs: sweeps', link: '/guides/sweeps' },
  { title: "Reproducing the paper's experiments", link: '/guides/reproduction' },
  { title: 'Choosing and swapping backends', link: '/guides/backends' },
  { title: 'Writing your own controller or backend', link: '/guides/extending' },
  { title: 'The package map', link: '/guides/packages' },
];

/** The pages that run models in the browser: the demo and live training. */
export const INTERACTIVE_PAGES: readonly SitePage[] = [
  { title: 'Watch an NTM work', link: '/demo' },
  { title: 'Train an NTM in this tab', link: '/train' },
];
