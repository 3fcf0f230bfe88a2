export { taskWorkflow } from './task';
export { oneStopFileWorkflow, oneStopMonthlyReportWorkflow } from './onestop-file';
export { dailyDigestWorkflow } from './digest';
