import type { Command } from 'commander';

export function registerPreviewCommand(program: Command): void {
  // TODO: not wired yet.
  void program;
}
