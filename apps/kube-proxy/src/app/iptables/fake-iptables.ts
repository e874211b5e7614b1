import { IptablesRestoreError, restoreText } from './iptables';
import type { Iptables, RestoreInput, RestoreOptions } from './iptables';
import { BUILTIN_CHAINS, describeRule, isBuiltinChain } from './save-parser';
import type { TableName } from './save-parser';
import { joinArgs, splitArgs } from './tokenize';

/** Targets that are not chains (extensions); a `-j` to anything else must name a chain. */
export const BUILTIN_TARGETS: ReadonlySet<string> = new Set([
  'ACCEPT', 'DROP', 'RETURN', 'REJECT', 'DNAT', 'SNAT', 'MASQUERADE', 'MARK', 'LOG', 'CONNMARK', 'NOTRACK', 'REDIRECT',
]);

interface Chain {
  policy: string;
  rules: string[][];
}
type Tables = Map<string, Map<string, Chain>>;

function emptyTables(): Tables {
  const t: Tables = new Map();
  for (const name of ['nat', 'filter']) {
    t.set(name, new Map((BUILTIN_CHAINS[name] ?? []).map((c) => [c, { policy: 'ACCEPT', rules: [] }])));
  }
  return t;
}

function clone(t: Tables): Tables {
  return new Map([...t].map(([n, chains]) => [n, new Map([...chains].map(([c, v]) => [c, { policy: v.policy, rules: v.rules.map((r) => [...r]) }]))]));
}

/**
 * An in-memory iptables for tests: applies restore buffers with iptables-restore's semantics
 * (`--noflush`: a declared user chain is created or flushed; `-A`, `-I`, `-D`, `-X`; `-j` must
 * name a built-in target or an existing chain; `-X` needs an empty, unreferenced chain) and
 * renders iptables-save text. All-or-nothing per call. Records every buffer in `restores`.
 */
export class FakeIptables implements Iptables {
  private tables: Tables = emptyTables();
  readonly restores: string[] = [];
  /** Set to make the next restore calls fail with this message (consumed one per call). */
  readonly failures: string[] = [];

  save(table?: TableName): Promise<string> {
    if (table === undefined) return Promise.all([this.save('filter'), this.save('nat')]).then((t) => t.join(''));
    const chains = this.tables.get(table) ?? new Map<string, Chain>();
    const lines = [`*${table}`];
    for (const [name, c] of chains) lines.push(`:${name} ${isBuiltinChain(table, name) ? c.policy : '-'} [0:0]`);
    for (const [name, c] of chains) for (const r of c.rules) lines.push(`-A ${name} ${joinArgs(r)}`);
    lines.push('COMMIT', '');
    return Promise.resolve(lines.join('\n'));
  }

  async restore(input: RestoreInput, opts: RestoreOptions): Promise<void> {
    const data = await restoreText(input);
    this.restores.push(data);
    const injected = this.failures.shift();
    if (injected !== undefined) throw new IptablesRestoreError(injected, ['iptables-restore'], 1, injected);
    this.tables = this.apply(data, opts);
  }

  /** Names of the user-defined chains of a table (test convenience). */
  chainNames(table: TableName): string[] {
    return [...(this.tables.get(table)?.keys() ?? [])].filter((c) => !isBuiltinChain(table, c));
  }

  private apply(data: string, opts: RestoreOptions): Tables {
    const next = clone(this.tables);
    let table: Map<string, Chain> | undefined;
    let tableName = '';
    const lines = data.split('\n');
    lines.forEach((raw, idx) => {
      const line = raw.trim();
      const fail = (why: string): never => {
        throw new IptablesRestoreError(`iptables-restore: ${why}; failing line ${idx + 1}: ${line}`, ['iptables-restore'], 2, why, idx + 1, line);
      };
      if (line === '' || line.startsWith('#')) return;
      if (line.startsWith('*')) {
        tableName = line.slice(1);
        table = next.get(tableName) ?? new Map<string, Chain>();
        next.set(tableName, table);
        if (!opts.noFlush) {
          for (const [name, c] of table) if (isBuiltinChain(tableName, name)) c.rules = [];
          for (const name of [...table.keys()]) if (!isBuiltinChain(tableName, name)) table.delete(name);
        }
        return;
      }
      if (!table) return fail('line outside of a table');
      if (line === 'COMMIT') {
        table = undefined;
        return;
      }
      const t = table;
      if (line.startsWith(':')) {
        const [name, policy] = line.slice(1).split(/\s+/);
        if (!name) return fail('bad chain line');
        const existing = t.get(name);
        if (isBuiltinChain(tableName, name)) {
          if (existing && policy && policy !== '-') existing.policy = policy;
        } else if (existing) existing.rules = [];
        else t.set(name, { policy: '-', rules: [] });
        return;
      }
      const [op, chainName, ...args] = splitArgs(line);
      if (!chainName) return fail('missing chain');
      const chain = t.get(chainName);
      if (!chain) return fail(`Chain '${chainName}' does not exist`);
      const target = describeRule(args).target;
      const checkTarget = (): void => {
        if (target !== undefined && !BUILTIN_TARGETS.has(target) && !t.has(target)) fail(`Chain '${target}' does not exist`);
      };
      switch (op) {
        case '-A':
          checkTarget();
          chain.rules.push(args);
          return;
        case '-I':
          checkTarget();
          chain.rules.unshift(args);
          return;
        case '-D': {
          const i = chain.rules.findIndex((r) => joinArgs(r) === joinArgs(args));
          if (i < 0) return fail('Bad rule (does a matching rule exist in that chain?)');
          chain.rules.splice(i, 1);
          return;
        }
        case '-X': {
          if (isBuiltinChain(tableName, chainName)) return fail('cannot delete a built-in chain');
          if (chain.rules.length > 0) return fail(`chain ${chainName} is not empty`);
          for (const c of t.values()) if (c.rules.some((r) => describeRule(r).target === chainName)) return fail(`chain ${chainName} is still referenced`);
          t.delete(chainName);
          return;
        }
        case undefined:
        default:
          return fail(`unknown command ${String(op)}`);
      }
    });
    if (table) throw new IptablesRestoreError('iptables-restore: missing COMMIT', ['iptables-restore'], 2, 'missing COMMIT');
    return next;
  }
}
