/** Write one line of command output to stdout (logs go to stderr). */
export function printLine(line = ''): void {
  process.stdout.write(line + '\n');
}

/** Write a value as pretty JSON to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
