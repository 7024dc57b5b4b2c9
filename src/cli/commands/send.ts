import type { Command } from 'commander';

export function registerSendCommand(program: Command): void {
  // TODO: not wired yet.
  void program;
}
