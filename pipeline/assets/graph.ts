// The asset graph derived from the declarations: validation, selection and dependency order.
import type { AssetDefinition, AssetKey } from "./define.ts";

export class AssetGraph {
  readonly byKey: ReadonlyMap<string, AssetDefinition>;
  /** Keys of the assets that list each key among their deps. */
  private readonly downstream = new Map<string, string[]>();

  /** Raises on a duplicate key, a dep on an unknown asset, or a cycle. */
  constructor(readonly assets: readonly AssetDefinition[]) {
    const byKey = new Map<string, AssetDefinition>();
    for (const asset of assets) {
      if (byKey.has(asset.key)) throw new Error(`Asset ${asset.key} is declared twice.`);
      byKey.set(asset.key, asset);
      this.downstream.set(asset.key, []);
    }
    for (const asset of assets) {
      for (const dep of asset.deps) {
        if (!byKey.has(dep)) {
          throw new Error(`Asset ${asset.key} depends on ${dep}, which no stage declares.`);
        }
        this.downstream.get(dep)!.push(asset.key);
      }
    }
    this.byKey = byKey;
    this.order([...byKey.keys()]);
  }

  get(key: string): AssetDefinition {
    const asset = this.byKey.get(key);
    if (!asset) {
      throw new Error(`Unknown asset ${key}. Known assets: ${[...this.byKey.keys()].join(", ")}.`);
    }
    return asset;
  }

  /** Returns the key and every asset it depends on, directly or not. */
  upstreamOf(key: string): Set<string> {
    return this.walk(key, (k) => this.get(k).deps);
  }

  /** Returns the key and every asset that depends on it, directly or not. */
  downstreamOf(key: string): Set<string> {
    return this.walk(key, (k) => this.downstream.get(k) ?? []);
  }

  private walk(start: string, next: (key: string) => readonly string[]): Set<string> {
    this.get(start);
    const seen = new Set<string>([start]);
    const stack = [start];
    while (stack.length > 0) {
      for (const key of next(stack.pop()!)) {
        if (!seen.has(key)) {
          seen.add(key);
          stack.push(key);
        }
      }
    }
    return seen;
  }

  /**
   * Returns the keys in dependency order (an asset after its deps); ties keep declaration
   * order. Raises on a cycle, naming the assets in it.
   */
  order(keys: Iterable<string>): AssetKey[] {
    const selected = new Set(keys);
    const declared = this.assets.map((asset) => asset.key).filter((key) => selected.has(key));
    const done = new Set<string>();
    const result: AssetKey[] = [];
    while (result.length < declared.length) {
      const ready = declared.find(
        (key) => !done.has(key) && this.get(key).deps.every((d) => done.has(d) || !selected.has(d)),
      );
      if (!ready) {
        const stuck = declared.filter((key) => !done.has(key));
        throw new Error(`The assets ${stuck.join(", ")} depend on each other in a cycle.`);
      }
      done.add(ready);
      result.push(ready);
    }
    return result;
  }

  /**
   * Resolves selection terms to keys in dependency order: `KEY` the asset alone, `+KEY` with
   * its upstream assets, `KEY+` with its downstream assets, `+KEY+` both, `*` every asset.
   * A term may list several, separated by commas.
   */
  select(terms: readonly string[]): AssetKey[] {
    const keys = new Set<string>();
    for (const term of terms
      .flatMap((t) => t.split(","))
      .map((t) => t.trim())
      .filter(Boolean)) {
      if (term === "*") {
        for (const key of this.byKey.keys()) keys.add(key);
        continue;
      }
      const withUpstream = term.startsWith("+");
      const withDownstream = term.endsWith("+") && term.length > 1;
      const key = term.slice(withUpstream ? 1 : 0, withDownstream ? -1 : undefined);
      this.get(key);
      keys.add(key);
      if (withUpstream) for (const k of this.upstreamOf(key)) keys.add(k);
      if (withDownstream) for (const k of this.downstreamOf(key)) keys.add(k);
    }
    return this.order(keys);
  }
}
