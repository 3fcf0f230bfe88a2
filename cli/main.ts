import { Command } from 'commander';
import { parseDeadlineCommand } from './parse-deadline';
import { importCommand } from './import';

const program = new Command()
  .name('dondoc')
  .description('dondoc: deadline tracking for Vietnamese government plans, on Temporal')
  .showHelpAfterError();

program.addCommand(parseDeadlineCommand());
program.addCommand(importCommand());
program.addCommand((await import('./directory')).directoryCommand());
program.addCommand((await import('./onestop')).oneStopCommand());
program.addCommand((await import('./users')).usersCommand());
for (const command of (await import('./backup')).backupCommands()) program.addCommand(command);

await program.parseAsync(process.argv);
