/** How dondoc names things to people: statuses, roles, kinds. File statuses are the domain's own. */
import { FILE_STATUS_NAMES } from '../domain/onestop/view';
import type { Role } from './types';

export { FILE_STATUS_NAMES };

export const TASK_STATUS_NAMES: Record<string, string> = {
  overdue: 'Quá hạn',
  due_soon: 'Sắp đến hạn',
  needs_deadline: 'Chưa có thời hạn',
  not_due: 'Chưa đến hạn',
  done_late: 'Hoàn thành quá hạn',
  done_on_time: 'Hoàn thành đúng hạn',
  cancelled: 'Đã hủy',
};

export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Quản trị',
  monitor: 'Theo dõi (Văn phòng UBND)',
  agency: 'Cơ quan',
  desk: 'Bộ phận Một cửa',
  viewer: 'Chỉ xem',
};

export const KIND_NAMES: Record<string, string> = {
  once: 'Một lần',
  milestones: 'Theo mốc',
  recurring: 'Định kỳ',
  ongoing: 'Thường xuyên',
  event: 'Theo sự kiện',
  unspecified: 'Chưa xác định thời hạn',
};

/** The colour a status is shown with, always beside its name: green on time, amber due soon, red overdue. */
export function tone(status: string | null | undefined): 'good' | 'warn' | 'bad' | 'info' | 'plain' {
  switch (status) {
    case 'done_on_time':
    case 'result_ready':
    case 'returned':
      return 'good';
    case 'due_soon':
      return 'warn';
    case 'overdue':
    case 'done_late':
      return 'bad';
    case 'needs_deadline':
    case 'waiting_documents':
      return 'info';
    default:
      return 'plain';
  }
}
