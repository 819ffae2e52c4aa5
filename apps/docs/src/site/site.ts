/**
 * Loaded by every page: the stylesheet, and KaTeX's for the equations rendered at build time.
 */
import 'katex/dist/katex.min.css';
import './site.css';
