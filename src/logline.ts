/**
 * Log lines cannot be forged: every control character (C0, DEL, C1, and the Unicode line separators) in a logged
 * field is written as an escape, so a tool name or a path carrying "\n" or an ANSI sequence stays on its own line
 * and prints as text.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\x${code.toString(16).padStart(2, "0")}`;
  });
}
