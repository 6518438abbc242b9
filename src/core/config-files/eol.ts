/** The file's line ending: CRLF when it already uses CRLF, else LF. */
export function eolOf(text: string): '\r\n' | '\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Appends `lines` to `text`, keeping its EOL style and every existing byte; a missing final newline is
 * supplied first (otherwise the first new line would be glued to the last old one). `separate` puts one
 * blank line between existing content and the new block, unless the text already ends with one.
 */
export function appendLines(text: string | undefined, lines: readonly string[], separate: boolean): string {
  const existing = text ?? '';
  const eol = eolOf(existing);
  let result = existing;
  if (result.length > 0 && !result.endsWith('\n')) result += eol;
  if (separate && result.trim().length > 0 && !/(\r?\n)\s*\r?\n$/.test(result)) result += eol;
  return result + lines.map((line) => line + eol).join('');
}
