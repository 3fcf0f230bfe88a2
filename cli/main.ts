import { Command } from 'commander';
import { parseDeadlineCommand } from './parse-deadline';

const program = new Command()
  .name('dondoc')
  .description('dondoc: deadline tracking for Vietnamese government plans, on Temporal')
  .showHelpAfterError();

program.addCommand(parseDeadlineCommand());

await program.parseAsync(process.argv);
