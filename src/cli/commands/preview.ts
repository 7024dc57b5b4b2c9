import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { printLine } from '../output';

/** Folder under DATA_DIR where `preview` writes by default. */
export const PREVIEWS_DIR = 'previews';

/** `preview <id|latest> [--out FILE] [--text]`: render an issue for a dummy subscriber into a file. */
export function registerPreviewCommand(program: Command): void {
  program
    .command('preview')
    .description('render an issue as the email a subscriber would get, write it to a file and print its path; sends and changes nothing')
    .argument('<issue>', 'issue id, or "latest" for the newest issue not cancelled')
    .option('--out <FILE>', 'file to write (default: DATA_DIR/previews/issue-<id>.html, or .txt with --text)')
    .option('--text', 'write the plain-text part instead of the HTML')
    .action(async (reference: string, options: { out?: string; text?: boolean }) => {
      const { createContext } = await import('../../context');
      const { resolveIssue } = await import('../../store/issues');
      const { renderPreview } = await import('../../render/render');

      const context = createContext();
      try {
        const issue = resolveIssue(context.db, reference);
        const format = options.text === true ? 'text' : 'html';
        const output = await renderPreview(context, issue.id, format);

        const file = path.resolve(options.out ?? path.join(context.config.dataDir, PREVIEWS_DIR, `issue-${issue.id}.${format === 'text' ? 'txt' : 'html'}`));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, output);
        printLine(file);
      } finally {
        context.db.close();
      }
    });
}
