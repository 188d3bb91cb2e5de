/**
 * Kubernetes resource quantities (`8Gi`, `500M`, `1.5`, `100m`): `quantityValue` is Go's
 * resource.Quantity.Value(), the value as an integer rounded up (away from zero), computed exactly.
 */

const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

/** The quantity's value rounded up to an integer; throws on a malformed quantity. */
export function quantityValue(q: string | number): bigint {
  const text = typeof q === 'number' ? String(q) : q.trim();
  const m = QUANTITY.exec(text);
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(text)}`);
  const [, sign, number, suffix = ''] = m;
  const [intPart, frac = ''] = number.split('.');
  let num = BigInt((intPart || '0') + frac);
  let den = 10n ** BigInt(frac.length);
  if (suffix in BINARY) {
    num *= 2n ** BigInt(BINARY[suffix]);
  } else {
    const exp = suffix in DECIMAL ? DECIMAL[suffix] : Number(suffix.slice(1));
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  const ceil = (num + den - 1n) / den;
  return sign === '-' ? -ceil : ceil;
}
