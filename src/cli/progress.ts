/**
 * Progress for long CLI jobs: a bar that redraws on a terminal, a line every few seconds otherwise.
 * @example
 * const progress = createProgress('syncing articles');
 * progress(10, 1000);
 */
export function createProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): (done: number, total: number) => void {
  let lastLine = 0;
  return (done, total) => {
    if (total === 0) return;
    const fraction = done / total;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      if (done === total) stream.write('\n');
    } else if (Date.now() - lastLine > 3000 || done === total) {
      lastLine = Date.now();
      stream.write(`${label}: ${done}/${total} (${Math.round(fraction * 100)} %)\n`);
    }
  };
}
