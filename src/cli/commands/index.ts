import type { Command } from 'commander';
import { registerCollectCommand } from './collect';
import { registerComposeCommand } from './compose';
import { registerDraftsCommands } from './drafts';
import { registerFeedsCommand } from './feeds';
import { registerOpsCommands } from './ops';
import { registerPreviewCommand } from './preview';
import { registerRunCommand } from './run';
import { registerSendCommand } from './send';
import { registerServeCommand } from './serve';
import { registerSubscribersCommand } from './subscribers';

/** Attach every command to the program, in the order `--help` lists them. */
export function registerCommands(program: Command): void {
  registerRunCommand(program);
  registerCollectCommand(program);
  registerComposeCommand(program);
  registerPreviewCommand(program);
  registerSendCommand(program);
  registerDraftsCommands(program);
  registerServeCommand(program);
  registerFeedsCommand(program);
  registerSubscribersCommand(program);
  registerOpsCommands(program);
}
