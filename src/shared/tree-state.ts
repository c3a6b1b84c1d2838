import { IConstruct } from 'constructs';

/**
 * A slot of state kept on construct objects, never in a module-level variable. The key comes from
 * the global symbol registry (`Symbol.for`), so every loaded copy of cdk-readiness (two versions
 * in a monorepo, or one bundled twice) reads and writes the same slot on the same construct. The
 * slot is not enumerable and is invisible to synthesis: no template, tree.json or metadata changes.
 */
export class TreeState<T> {
  private readonly key: symbol;

  /** @param name well-known name of the slot; the same name in every copy and version of the library */
  constructor(name: string) {
    this.key = Symbol.for(`cdk-readiness:${name}`);
  }

  public get(construct: IConstruct): T | undefined {
    return (construct as any)[this.key];
  }

  public has(construct: IConstruct): boolean {
    return this.get(construct) !== undefined;
  }

  public set(construct: IConstruct, value: T): void {
    Object.defineProperty(construct, this.key, { value, configurable: true, enumerable: false, writable: true });
  }
}
