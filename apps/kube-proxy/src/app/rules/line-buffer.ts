import { joinArgs } from '../iptables/tokenize';

/**
 * Accumulates iptables-restore text as pieces: single lines (`write`, `writeRaw`) and blocks of
 * whole lines rendered earlier (`writeBlock`: a service port's cached rules, not copied). Every
 * piece ends with a newline. Counts the `-A` rules written (the rules-count metric).
 */
export class LineBuffer {
  private readonly parts: string[] = [];
  private rules = 0;

  /** Appends one line made of `args` (quoted as needed). */
  write(...args: string[]): void {
    this.writeRaw(joinArgs(args));
  }

  /** Appends one line verbatim (no newline in `line`). */
  writeRaw(line: string): void {
    if (line.startsWith('-A ')) this.rules++;
    this.parts.push(line + '\n');
  }

  /** Appends a block of newline-terminated lines holding `ruleCount` `-A` rules ('' = nothing). */
  writeBlock(block: string, ruleCount: number): void {
    if (block === '') return;
    this.rules += ruleCount;
    this.parts.push(block);
  }

  /** Number of `-A` rule lines written (jumps inserted into built-in chains are not counted). */
  ruleCount(): number {
    return this.rules;
  }

  /** The pieces written so far, in order; their concatenation is `toString()`. */
  pieces(): readonly string[] {
    return this.parts;
  }

  toString(): string {
    return this.parts.join('');
  }
}

/** `:CHAIN - [0:0]`: in a `--noflush` restore, creates the chain or flushes it if it exists. */
export function chainLine(chain: string): string {
  return `:${chain} - [0:0]`;
}
