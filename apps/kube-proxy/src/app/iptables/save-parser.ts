import { splitArgs } from './tokenize';

/** The tables kube-proxy touches. */
export type TableName = 'nat' | 'filter';

/** The built-in chains of each table; they are never created, flushed or deleted by kube-proxy. */
export const BUILTIN_CHAINS: Readonly<Record<string, readonly string[]>> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

export function isBuiltinChain(table: string, chain: string): boolean {
  return BUILTIN_CHAINS[table]?.includes(chain) ?? false;
}

/** One `-A <chain> ...` line of iptables-save output. */
export interface SavedRule {
  chain: string;
  /** The arguments after `-A <chain>`, unquoted. */
  args: string[];
  /** The `-j` target, if any. */
  target?: string;
  /** The `--comment` value, if any. */
  comment?: string;
}

/** One `*table` section of iptables-save output. */
export interface SavedTable {
  name: string;
  /** Chain name → policy (`ACCEPT`... for built-ins, `-` for user chains), in save order. */
  chains: Map<string, string>;
  rules: SavedRule[];
}

/** Everything in one iptables-save dump, by table name. */
export type SavedDump = Map<string, SavedTable>;

/** Reads the `-j`/`--jump` target and `--comment` of a rule's arguments. */
export function describeRule(args: readonly string[]): { target?: string; comment?: string } {
  const out: { target?: string; comment?: string } = {};
  for (let i = 0; i < args.length - 1; i++) {
    const a = args[i];
    if (a === '-j' || a === '--jump') out.target = args[i + 1];
    else if (a === '--comment') out.comment = args[i + 1];
  }
  return out;
}

/** What parseIptablesSave keeps. */
export interface ParseOptions {
  /**
   * Keep the rules of this chain? Default: every chain. Rules of other chains are skipped
   * without being tokenized (kube-proxy reads only the built-in chains' rules: its own chains
   * hold most of a large table, and tokenizing them cost seconds at 10,000 services).
   */
  keepRules?: (table: string, chain: string) => boolean;
}

/**
 * Parses iptables-save output (one or more tables) into chains and rules. Comment lines (`#`)
 * and blank lines are skipped. Throws with the line number on a line it does not understand.
 */
export function parseIptablesSave(text: string, opts: ParseOptions = {}): SavedDump {
  const dump: SavedDump = new Map();
  let table: SavedTable | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, idx) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fail = (why: string): never => {
      throw new Error(`iptables-save line ${idx + 1}: ${why}: ${line}`);
    };
    if (line.startsWith('*')) {
      table = { name: line.slice(1), chains: new Map(), rules: [] };
      dump.set(table.name, table);
      return;
    }
    if (!table) return fail('outside of a table');
    if (line === 'COMMIT') {
      table = undefined;
      return;
    }
    if (line.startsWith(':')) {
      const [name, policy] = line.slice(1).split(/\s+/);
      if (!name) return fail('bad chain line');
      table.chains.set(name, policy ?? '-');
      return;
    }
    if (opts.keepRules && line.startsWith('-A ')) {
      const end = line.indexOf(' ', 3);
      if (!opts.keepRules(table.name, end < 0 ? line.slice(3) : line.slice(3, end))) return;
    }
    const args = splitArgs(line);
    if ((args[0] === '-A' || args[0] === '--append') && args[1]) {
      const rest = args.slice(2);
      table.rules.push({ chain: args[1], args: rest, ...describeRule(rest) });
      return;
    }
    fail('unexpected line');
  });
  return dump;
}

/** The rules of one chain, in order. */
export function rulesOf(table: SavedTable | undefined, chain: string): SavedRule[] {
  return table ? table.rules.filter((r) => r.chain === chain) : [];
}
