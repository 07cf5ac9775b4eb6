/** Maps `items` with at most `limit` calls of `fn` in flight, keeping their order. */
export async function inParallel<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  limit = 16,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
