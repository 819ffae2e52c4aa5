/**
 * Whether an export's name matches the filter box: every space-separated word of the query
 * appears in the name, ignoring case. An empty query matches everything.
 *
 * @example matchesFilter('createTfjsBackend', 'tfjs create') // true
 */
export function matchesFilter(name: string, query: string): boolean {
  const lower = name.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .every((word) => lower.includes(word));
}
