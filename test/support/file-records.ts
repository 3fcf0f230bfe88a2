/** A one-stop file record as the file workflow writes it, for the report and storage tests. */
import type { FileRecord } from '../../domain/onestop/report';

export const TNMT = 'Phòng Tài nguyên và Môi trường';

/** A building permit received at Tuy Phước's desk on 02/03/2037, due 09/03, not yet due; `overrides` change any fact. */
export function fileRecord(overrides: Partial<FileRecord> = {}): FileRecord {
  return {
    code: 'H57.22-370302-0001',
    jurisdiction: 'tuy-phuoc',
    procedureCode: '1.009994',
    procedureName: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    online: false,
    receivingUnit: 'Bộ phận Một cửa huyện',
    firstAgency: TNMT,
    holder: TNMT,
    receivedOn: '2037-03-02',
    appointment: '2037-03-09',
    status: 'not_due',
    outcome: null,
    resultOn: null,
    resultAgency: null,
    late: null,
    apology: null,
    lateAgain: null,
    withdrawnOn: null,
    revision: 1,
    ...overrides,
  };
}
