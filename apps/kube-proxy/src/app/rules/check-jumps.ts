import { BUILTIN_TARGETS } from '../iptables/fake-iptables';
import { isBuiltinChain } from '../iptables/save-parser';
import { splitArgs } from '../iptables/tokenize';

/**
 * Checks a restore buffer the way upstream's tests do: every `-A`/`-I` names a chain the
 * buffer declares (or a built-in chain), every `-j` names a declared chain or a built-in
 * target, and no rule jumps to a chain the buffer deletes. `exists` names chains the kernel
 * already holds (a tskube partial sync jumps to top-level chains it does not rewrite); by
 * default none. Returns the problems (empty = ok).
 */
export function checkRuleJumps(buffer: string, exists: (table: string, chain: string) => boolean = () => false): string[] {
  const problems: string[] = [];
  let table = '';
  let declared = new Set<string>();
  let deleted = new Set<string>();
  let uses: { line: string; chain: string; target?: string }[] = [];
  const finish = (): void => {
    for (const u of uses) {
      if (!declared.has(u.chain) && !isBuiltinChain(table, u.chain)) problems.push(`${table}: rule in undeclared chain ${u.chain}: ${u.line}`);
      if (u.target && !BUILTIN_TARGETS.has(u.target)) {
        if (!declared.has(u.target) && !exists(table, u.target)) problems.push(`${table}: jump to undeclared chain ${u.target}: ${u.line}`);
        else if (deleted.has(u.target)) problems.push(`${table}: jump to deleted chain ${u.target}: ${u.line}`);
      }
    }
  };
  for (const line of buffer.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1);
      declared = new Set();
      deleted = new Set();
      uses = [];
    } else if (line.startsWith(':')) declared.add(line.slice(1).split(' ')[0]!);
    else if (line === 'COMMIT') finish();
    else if (line.startsWith('-')) {
      const [op, chain = '', ...args] = splitArgs(line);
      if (op === '-X') deleted.add(chain);
      else {
        const j = args.indexOf('-j');
        uses.push({ line, chain, ...(j >= 0 && args[j + 1] ? { target: args[j + 1] } : {}) });
      }
    }
  }
  return problems;
}
