/**
 * The site's theme: VitePress's default theme, the demo's and the training page's components
 * (used as `<DemoPage />` and `<TrainPage />` in their Markdown), and their styles.
 */
import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import DemoPage from './DemoPage.vue';
import TrainPage from './TrainPage.vue';
import './interactive.css';

const theme: Theme = {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('DemoPage', DemoPage);
    app.component('TrainPage', TrainPage);
  },
};

export default theme;
