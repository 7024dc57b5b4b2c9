import type { Command } from 'commander';

export function registerRunCommand(program: Command): void {
  // TODO: not wired yet.
  void program;
}
