/** Every activity the dondoc worker registers, wired to this process's configuration. */
import { createNotificationActivities } from './notifications';
import { addWorkingDays, planAgenda, workingDaysSnapshot } from './calendar';
import { DirectoryStore } from './directory-store';
import { createOneStopActivities } from './onestop';

export function createActivities(config: { DATA_DIR: string; DASHBOARD_URL?: string }) {
  const directory = new DirectoryStore(config.DATA_DIR);
  const notifications = createNotificationActivities({ directory: async () => directory.load(), config: { dataDir: config.DATA_DIR, ...(config.DASHBOARD_URL ? { dashboardUrl: config.DASHBOARD_URL } : {}) } });
  return { workingDaysSnapshot, planAgenda, addWorkingDays, ...notifications, ...createOneStopActivities({ dataDir: config.DATA_DIR }) };
}
