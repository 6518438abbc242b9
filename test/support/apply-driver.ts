// A child process for the SIGKILL tests: applies the plan in argv[2] (JSON: { root, changes }) with
// applyChangesAtomically, printing "ready" just before and "done <ms>" after. Killed at random points.
import * as fs from 'fs';
import { applyChangesAtomically } from '../../src/cli/transaction';
import type { FileChange } from '../../src/core/change-set';

const { root, changes } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as { root: string; changes: FileChange[] };
process.stdout.write('ready\n');
const started = Date.now();
applyChangesAtomically(root, changes);
process.stdout.write(`done ${Date.now() - started}\n`);
