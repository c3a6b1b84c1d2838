import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Throw the library's standard bad-input error: which construct, which prop, the value received
 * and what to do instead.
 */
export function invalidProp(scope: IConstruct, construct: string, prop: string, value: unknown, fix: string): never {
  return invalidValue(`${construct} '${scope.node.path}'`, prop, value, fix);
}

/** The same error where no construct exists yet (or for a static method): `where` names the call. */
export function invalidValue(where: string, prop: string, value: unknown, fix: string): never {
  throw new Error(`${where}: invalid ${prop} ${describe(value)}. ${fix}`);
}

function describe(value: unknown): string {
  if (value instanceof Duration) return value.toHumanString();
  return JSON.stringify(value);
}

/** Whole days of a resolved duration, or undefined when the duration is a token. */
export function daysOf(d: Duration | undefined): number | undefined {
  if (d === undefined || d.isUnresolved()) return undefined;
  return d.toDays({ integral: false });
}

/** Whole hours of a resolved duration, or undefined when the duration is a token. */
export function hoursOf(d: Duration | undefined): number | undefined {
  if (d === undefined || d.isUnresolved()) return undefined;
  return d.toHours({ integral: false });
}

/** A value that is either a token or passes the check. */
export function resolvedAnd<T>(value: T, check: (v: T) => boolean): boolean {
  return !Token.isUnresolved(value) && check(value);
}
