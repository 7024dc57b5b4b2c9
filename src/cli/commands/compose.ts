import type { Command } from 'commander';

export function registerComposeCommand(program: Command): void {
  // TODO: not wired yet.
  void program;
}
