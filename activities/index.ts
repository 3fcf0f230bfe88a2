/** Every activity the dondoc worker registers, wired to this process's configuration and database. */
import { createNotificationActivities } from './notifications';
import { addWorkingDays, planAgenda, workingDaysSnapshot } from './calendar';
import { createOneStopActivities } from './onestop';
import { DirectoryStore } from '../storage/directory';
import type { Database } from '../storage';

export function createActivities(config: { DASHBOARD_URL?: string }, db: Database) {
  const directory = new DirectoryStore(db);
  const notifications = createNotificationActivities({ db, directory: () => directory.load(), config: config.DASHBOARD_URL ? { dashboardUrl: config.DASHBOARD_URL } : {} });
  return { workingDaysSnapshot, planAgenda, addWorkingDays, ...notifications, ...createOneStopActivities({ db }) };
}
