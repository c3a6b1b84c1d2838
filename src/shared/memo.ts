/**
 * `fn` with each result kept per argument (`undefined` results too), for lookups repeated within
 * one validation: path encodings, template line indexes, parsed stack frames, a resource's ARN.
 */
export function memoize<K, V>(fn: (key: K) => V): (key: K) => V {
  const results = new Map<K, V>();
  return (key) => {
    if (results.has(key)) return results.get(key) as V;
    const value = fn(key);
    results.set(key, value);
    return value;
  };
}
