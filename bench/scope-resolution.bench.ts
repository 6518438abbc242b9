// Why the analyzer resolves `user` / `account` by its own lexical scope walk (syntax.ts refersToParameter) and not with
// TypeScript's binder: the supported way to get the binder's symbols is a one-file program (`noLib`, `noResolve`) and
// its checker's getSymbolAtLocation, which costs a parse with parent pointers, the binder over the whole file and the
// checker's setup, each measured here against the plain parse the analyzer's budget is counted in (target <= 1.3x in
// total). `ts.bindSourceFile` alone is internal (not in the public API), so it is not an option.
import { ts } from 'ts-morph';
import { generateAuthFile } from './analyze.bench';

const FILE = '/bench/lib/auth.ts';
const NAMES = new Set(['user', 'account', 'token']);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The one-file program's stages, timed separately; returns how many identifiers got a symbol. */
function viaProgram(text: string, stages: { parents: number[]; program: number[]; checker: number[]; symbols: number[] }): number {
  let sourceFile!: ts.SourceFile;
  stages.parents.push(time(() => void (sourceFile = ts.createSourceFile(FILE, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS))));
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === FILE ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === FILE,
    readFile: (name) => (name === FILE ? text : undefined),
  };
  let program!: ts.Program;
  stages.program.push(time(() => void (program = ts.createProgram({ rootNames: [FILE], options: { noLib: true, noResolve: true, types: [] }, host }))));
  let checker!: ts.TypeChecker;
  // The checker binds every file when it is created.
  stages.checker.push(time(() => void (checker = program.getTypeChecker())));
  let resolved = 0;
  stages.symbols.push(
    time(() => {
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && NAMES.has(node.text) && checker.getSymbolAtLocation(node)) resolved++;
        ts.forEachChild(node, visit);
      };
      visit(sourceFile);
    }),
  );
  return resolved;
}

export async function run(): Promise<void> {
  const text = generateAuthFile();
  const parse = () => void ts.createSourceFile(FILE, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const scratch = { parents: [], program: [], checker: [], symbols: [] };
  for (let i = 0; i < 10; i++) {
    parse();
    viaProgram(text, scratch);
  }
  const parseTimes: number[] = [];
  const stages = { parents: [] as number[], program: [] as number[], checker: [] as number[], symbols: [] as number[] };
  let resolved = 0;
  for (let i = 0; i < 40; i++) {
    parseTimes.push(time(parse));
    resolved = viaProgram(text, stages);
  }
  const base = median(parseTimes);
  const ratio = (values: number[]) => `${(median(values) / base).toFixed(2)}x`;
  // The analyzer would parse with parent pointers instead of without, so only the difference counts as extra.
  const extra = median(stages.parents.map((p, i) => p - parseTimes[i] + stages.program[i] + stages.checker[i] + stages.symbols[i]));
  console.log(`ts.createSourceFile (baseline): median ${base.toFixed(2)} ms`);
  console.log(`one-file program: parse with parents ${ratio(stages.parents)}, createProgram ${ratio(stages.program)}, checker (binds) ${ratio(stages.checker)}, getSymbolAtLocation for ${resolved} identifiers ${ratio(stages.symbols)}`);
  console.log(`ratio (program - parse)/parse: ${(extra / base).toFixed(2)}x added to every analysis (the analyzer's whole budget is 0.30x over its parse)`);
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
