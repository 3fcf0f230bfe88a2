/// <reference lib="dom" />
/** What the API answers, as the server declares it (types only: nothing of the server is bundled). */
export type { TaskView, ObligationView, TimelineEntry, InstanceView, TaskStatus } from '../workflows/task-api';
export type { FileView, FileStatus } from '../domain/onestop/view';
export type { Directory, Agency, Jurisdiction } from '../domain/directory';
export type {
  DashboardTaskRow,
  TaskListAnswer,
  OverviewAnswer,
  AgencyRate,
  QueueAnswer,
  QueueEntry,
  OwnPart,
  OwnWorkAnswer,
} from '../api/dashboard-tasks';
export type { DashboardFileRow, FileListAnswer } from '../api/dashboard-files';
export type { OtherPart } from '../api/task-views';

export type Role = 'admin' | 'monitor' | 'agency' | 'desk' | 'viewer';

/** The signed-in account as GET /api/session and /api/me answer it. */
export type User = { id?: number; name: string; role: Role; agency?: string; jurisdiction?: string | null };
