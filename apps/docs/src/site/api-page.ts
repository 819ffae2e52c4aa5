/**
 * The API page's filter box: typing part of a name hides every export whose name does not
 * contain it (and packages left with none).
 */
import './site.js';
import { matchesFilter } from './api-filter.js';

const reference = document.querySelector<HTMLElement>('.api-reference');
if (reference) {
  const box = document.createElement('div');
  box.className = 'api-filter';
  box.innerHTML = `<input type="search" id="api-filter" placeholder="Filter ${reference.dataset['exportCount'] ?? ''} exports by name…" aria-label="Filter exports by name" />`;
  reference.before(box);
  const input = box.querySelector('input') as HTMLInputElement;
  const exports = [...reference.querySelectorAll<HTMLElement>('.api-export')];
  const packages = [...reference.querySelectorAll<HTMLElement>('.api-package')];
  input.addEventListener('input', () => {
    const query = input.value;
    for (const section of exports) section.hidden = !matchesFilter(section.dataset['name'] ?? '', query);
    for (const section of packages) {
      section.hidden = query.trim() !== '' && section.querySelector('.api-export:not([hidden])') === null;
    }
  });
}
