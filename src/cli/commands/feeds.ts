import type { Command } from 'commander';

export function registerFeedsCommand(program: Command): void {
  // TODO: not wired yet.
  void program;
}
