import type { Command } from 'commander';

export function registerDraftsCommands(program: Command): void {
  // TODO: not wired yet.
  void program;
}
