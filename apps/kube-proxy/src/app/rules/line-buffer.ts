import { joinArgs } from '../iptables/tokenize';

/** Accumulates iptables-restore lines; arguments holding blanks are quoted. */
export class LineBuffer {
  readonly lines: string[] = [];
  private rules = 0;

  /** Appends one line made of `args` (quoted as needed). */
  write(...args: string[]): void {
    this.writeRaw(joinArgs(args));
  }

  /** Appends one line verbatim. */
  writeRaw(line: string): void {
    if (line.startsWith('-A ')) this.rules++;
    this.lines.push(line);
  }

  /** Appends `-A` rule lines verbatim (counted without looking at them). */
  writeRules(lines: readonly string[]): void {
    this.rules += lines.length;
    for (const l of lines) this.lines.push(l);
  }

  /** Number of `-A` rule lines written (jumps inserted into built-in chains are not counted). */
  ruleCount(): number {
    return this.rules;
  }

  toString(): string {
    return this.lines.length ? this.lines.join('\n') + '\n' : '';
  }
}

/** `:CHAIN - [0:0]`: in a `--noflush` restore, creates the chain or flushes it if it exists. */
export function chainLine(chain: string): string {
  return `:${chain} - [0:0]`;
}
