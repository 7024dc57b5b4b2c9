import type { Command } from 'commander';

export function registerOpsCommands(program: Command): void {
  // TODO: not wired yet.
  void program;
}
