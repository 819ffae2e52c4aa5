/**
 * The element with this id, typed; throws naming the id when the page lacks it (a shell and
 * its script out of step).
 *
 * @example const button = elementById('start-training', HTMLButtonElement);
 */
export function elementById<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) {
    throw new Error(`docs: the page has no <${type.name}> with id "${id}" (found ${element ? element.tagName : 'nothing'})`);
  }
  return element;
}

/**
 * Creates an element with a class and optional text.
 * @example const title = createElement('h3', 'panel-title', 'Inputs');
 */
export function createElement<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text) element.textContent = text;
  return element;
}
