// `tsc` reads no .vue file: a component is typed as any component (Vite compiles the real one).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
