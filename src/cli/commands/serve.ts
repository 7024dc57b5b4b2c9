import type { Command } from 'commander';

export function registerServeCommand(program: Command): void {
  // TODO: not wired yet.
  void program;
}
