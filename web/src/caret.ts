/**
 * Moving the caret of a source textarea (a rule, a policy's TOML) to a problem a checker named
 * by 1-based line and column; columns count Unicode code points, as the server counts them.
 */

/** The string offset of a line and column in `source` (clamped to the text). */
export function offsetOf(source: string, line: number, column = 1): number {
  const lines = source.split('\n')
  let offset = 0
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1
  const text = lines[line - 1] ?? ''
  return offset + Array.from(text).slice(0, Math.max(0, column - 1)).join('').length
}

/**
 * Focuses the textarea, selects one character at line:column (or the whole line), and scrolls
 * the line into view a third of the way down.
 */
export function selectAt(el: HTMLTextAreaElement, line: number, column: number | null, wholeLine = false): void {
  const source = el.value
  const start = offsetOf(source, line, wholeLine ? 1 : (column ?? 1))
  const lineEnd = source.indexOf('\n', start)
  const end = wholeLine ? (lineEnd < 0 ? source.length : lineEnd) : start + 1
  el.focus()
  el.setSelectionRange(start, Math.max(start, end))
  const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20
  el.scrollTop = Math.max(0, (line - 1) * lineHeight - el.clientHeight / 3)
}
