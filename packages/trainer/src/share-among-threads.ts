/**
 * Shares work among W threads the way the data-parallel trainer does: item i goes to thread
 * i mod W, thread 0 being this one. The other threads' items are handed to `elsewhere` first
 * (in item order), so that they run while this thread works through its own with `here`; the
 * results come back in item order, whichever thread made them. A failure elsewhere rejects,
 * and is never left unhandled when `here` throws first.
 *
 * @example
 * ```ts
 * const scores = await shareAmongThreads(batches, 2, (batch) => scoreBatch(model, batch), (theirs) => workers.score(theirs));
 * ```
 */
export async function shareAmongThreads<Item, Result>(
  items: readonly Item[],
  threads: number,
  here: (item: Item) => Result,
  elsewhere: (items: Item[]) => Promise<Result[]>,
): Promise<Result[]> {
  const theirs = items.filter((_, index) => index % threads !== 0);
  const fromOthers = theirs.length === 0 ? Promise.resolve([]) : elsewhere(theirs);
  fromOthers.catch(() => {}); // awaited below
  const own = items.filter((_, index) => index % threads === 0).map(here);
  const others = await fromOthers;
  // Item i is own[i / W] when W divides i; otherwise others[i − ⌈i / W⌉] (the multiples of W up to i are ⌈i / W⌉).
  return items.map((_, index) => (index % threads === 0 ? own[index / threads] : others[index - Math.ceil(index / threads)]) as Result);
}
