import { Command } from 'commander';

// Placeholder replaced by the deadline-parser work (issue 3).
export function parseDeadlineCommand(): Command {
  return new Command('parse-deadline').description('Parse a Vietnamese deadline phrase');
}
