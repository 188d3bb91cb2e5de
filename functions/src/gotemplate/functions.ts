/**
 * The function table: how functions are called, their arity (checked as Go checks it, at
 * execution, and by the linter), and the errors they raise.
 */
import type { Value } from './values';

/** An error of a function: Go reports it as `error calling NAME: MESSAGE`. */
export class CallError extends Error {}

/**
 * An error about the arguments (wrong count, wrong type): Go reports it without the
 * `error calling` prefix.
 */
export class ArgError extends Error {}

export interface Arity {
  min: number;
  /** Infinity for variadic functions. */
  max: number;
}

export interface FuncDef {
  arity?: Arity;
  call(args: readonly Value[]): Value;
}

/** Go's wording for a wrong argument count. */
export function checkArity(name: string, arity: Arity | undefined, got: number): string | undefined {
  if (!arity) return undefined;
  if (arity.max === Infinity) {
    return got < arity.min ? `wrong number of args for ${name}: want at least ${arity.min} got ${got}` : undefined;
  }
  return got !== arity.min ? `wrong number of args for ${name}: want ${arity.min} got ${got}` : undefined;
}

export const fixed = (n: number): Arity => ({ min: n, max: n });
export const atLeast = (n: number): Arity => ({ min: n, max: Infinity });
