import type { Command } from 'commander';

export function registerCollectCommand(program: Command): void {
  // TODO: not wired yet.
  void program;
}
