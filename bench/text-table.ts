/** Aligned text tables: a header, a rule, and one line per row, cells joined by " | ". */

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const lines = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...lines.map((line) => (line[c] ?? '').length)));
  // Cells after a line's last non-empty one are left out, separators included.
  const render = (line: readonly string[]): string => {
    let end = widths.length;
    while (end > 1 && !line[end - 1]) end--;
    return widths.slice(0, end).map((width, c) => (rightAligned[c] ? (line[c] ?? '').padStart(width) : (line[c] ?? '').padEnd(width))).join(' | ').trimEnd();
  };
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [render(header), rule, ...rows.map(render)].join('\n');
}
