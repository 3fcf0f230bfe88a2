/** Every activity the dondoc worker registers, wired to this process's configuration. */
import { createNotificationActivities } from './notifications';
import * as calendar from './calendar';
import { DirectoryStore } from './directory-store';

export function createActivities(config: { DATA_DIR: string }) {
  const directory = new DirectoryStore(config.DATA_DIR);
  const notifications = createNotificationActivities({ directory: async () => directory.load(), config: { dataDir: config.DATA_DIR } });
  return { ...calendar, ...notifications };
}
