import type { Command } from 'commander';

export function registerSubscribersCommand(program: Command): void {
  // TODO: not wired yet.
  void program;
}
