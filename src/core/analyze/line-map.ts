import type { SourcePosition } from './types';

/**
 * Offsets <-> 0-based line/character, counting lines as VS Code does (`\r\n`, `\r`, `\n`). Built lazily with a
 * native regex scan, which costs less than TypeScript's own line map and only when a finding needs a position.
 */
export class LineMap {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const breaks = /\r\n|\r|\n/g;
      for (let match = breaks.exec(this.text); match; match = breaks.exec(this.text)) starts.push(match.index + match[0].length);
      this.starts = starts;
    }
    return this.starts;
  }

  position(offset: number): SourcePosition {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }

  /** Offset where `line` starts (clamped to the last line). */
  lineStart(line: number): number {
    const starts = this.lineStarts();
    return starts[Math.min(Math.max(line, 0), starts.length - 1)];
  }

  /** Text of `line` without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts();
    const start = this.lineStart(line);
    const end = line + 1 < starts.length ? starts[line + 1] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}
