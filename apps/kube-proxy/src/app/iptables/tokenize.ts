/**
 * Splitting and quoting of iptables-save / iptables-restore rule lines, as the iptables tools do:
 * arguments are separated by blanks; a double-quoted argument may hold blanks, and inside quotes
 * a backslash escapes the next character (`"a \"b\""` → `a "b"`).
 */

/** Splits one rule line into arguments. Throws on an unterminated quote. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '\\' && i + 1 < line.length) {
        cur += line[++i];
      } else if (c === '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c === '"') {
      quoted = true;
      inToken = true;
    } else if (c === ' ' || c === '\t') {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (quoted) throw new Error(`unterminated quote in iptables line: ${line}`);
  if (inToken) out.push(cur);
  return out;
}

/** Quotes one argument for an iptables-restore line when it holds blanks, quotes or is empty. */
export function quoteArg(arg: string): string {
  if (arg !== '' && !/[\s"\\]/.test(arg)) return arg;
  return '"' + arg.replace(/[\\"]/g, (m) => '\\' + m) + '"';
}

/** Joins arguments into one iptables-restore line. */
export function joinArgs(args: readonly string[]): string {
  return args.map(quoteArg).join(' ');
}
