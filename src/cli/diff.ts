/** One line of an edit script: kept, removed from the old text, or added in the new one. */
export interface DiffLine {
  readonly kind: 'same' | 'removed' | 'added';
  readonly text: string;
}

/**
 * Line diff by Myers' O(ND) algorithm: a shortest edit script turning `oldLines` into `newLines`.
 * Linear space for the common prefix/suffix, which is what scaffold merges mostly are.
 */
export function diffLines(oldLines: readonly string[], newLines: readonly string[]): DiffLine[] {
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix++;
  }
  const a = oldLines.slice(prefix, oldLines.length - suffix);
  const b = newLines.slice(prefix, newLines.length - suffix);
  const middle = myers(a, b);
  return [
    ...oldLines.slice(0, prefix).map((text): DiffLine => ({ kind: 'same', text })),
    ...middle,
    ...oldLines.slice(oldLines.length - suffix).map((text): DiffLine => ({ kind: 'same', text })),
  ];
}

function myers(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = n === 0 && m === 0;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m) to recover the edit script.
  const result: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1] < vd[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      result.push({ kind: 'same', text: a[--x] });
      y--;
    }
    if (d === 0) break;
    if (x === prevX) result.push({ kind: 'added', text: b[--y] });
    else result.push({ kind: 'removed', text: a[--x] });
  }
  while (x > 0 && y > 0) {
    result.push({ kind: 'same', text: a[--x] });
    y--;
  }
  return result.reverse();
}

/**
 * A unified diff (`--- a/file`, `+++ b/file`, `@@ -l,s +l,s @@` hunks with `context` lines around each
 * change), as `git diff` prints it; a created file diffs against /dev/null. Empty string when equal.
 */
export function unifiedDiff(displayPath: string, before: string | undefined, after: string, context = 3): string {
  if (before === after) return '';
  const oldLines = before === undefined ? [] : splitLines(before);
  const newLines = splitLines(after);
  const script = diffLines(oldLines, newLines);
  const header = [`--- ${before === undefined ? '/dev/null' : `a/${displayPath}`}`, `+++ b/${displayPath}`];
  const hunks: string[] = [];
  let i = 0;
  while (i < script.length) {
    while (i < script.length && script[i].kind === 'same') i++;
    if (i >= script.length) break;
    let start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while the next change is within 2 × context lines.
    for (;;) {
      while (end < script.length && script[end].kind !== 'same') end++;
      let next = end;
      while (next < script.length && script[next].kind === 'same') next++;
      if (next < script.length && next - end <= 2 * context) end = next;
      else break;
    }
    end = Math.min(script.length, end + context);
    hunks.push(formatHunk(script, start, end));
    i = end;
    start = end;
  }
  return [...header, ...hunks].join('\n') + '\n';
}

function formatHunk(script: readonly DiffLine[], start: number, end: number): string {
  let oldStart = 1;
  let newStart = 1;
  for (let i = 0; i < start; i++) {
    if (script[i].kind !== 'added') oldStart++;
    if (script[i].kind !== 'removed') newStart++;
  }
  const body: string[] = [];
  let oldCount = 0;
  let newCount = 0;
  for (let i = start; i < end; i++) {
    const line = script[i];
    if (line.kind !== 'added') oldCount++;
    if (line.kind !== 'removed') newCount++;
    body.push((line.kind === 'same' ? ' ' : line.kind === 'added' ? '+' : '-') + line.text);
  }
  // git shows an empty side as starting at the line before (0 for a new file).
  const range = (s: number, c: number) => `${c === 0 ? s - 1 : s},${c}`;
  return [`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`, ...body].join('\n');
}

/** Lines without their terminators; a final newline does not make an extra empty line. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
