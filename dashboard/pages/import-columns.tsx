/**
 * Chỉ rõ vai trò của cột: when a plan file names a column in an unusual way (the preview lists it as
 * not recognised, or no header row is found at all), the user gives it a role, as
 * `dondoc import --column "Tên cột=vai trò"`, and the preview is read again with it.
 */
import { useState } from 'preact/hooks';
import type { ColumnRole, Problem } from '../../domain/import/types';

export type ColumnChoice = { header: string; role: ColumnRole };

export const COLUMN_ROLES: [ColumnRole, string][] = [
  ['ref', 'Mã nhiệm vụ'],
  ['stt', 'Số thứ tự'],
  ['area', 'Lĩnh vực'],
  ['group', 'Nhóm nội dung'],
  ['objective', 'Mục tiêu, nội dung'],
  ['task', 'Nhiệm vụ'],
  ['activity', 'Hoạt động'],
  ['product', 'Kết quả, sản phẩm'],
  ['lead', 'Cơ quan chủ trì'],
  ['coordinating', 'Cơ quan phối hợp'],
  ['deadline', 'Thời gian hoàn thành'],
  ['budget', 'Kinh phí'],
  ['notes', 'Ghi chú'],
  ['extra', 'Thông tin thêm (giữ nguyên)'],
];

const roleName = (role: ColumnRole) => COLUMN_ROLES.find(([r]) => r === role)?.[1] ?? role;

/** The columns the reader did not recognise, as the problems name them. */
export function unrecognisedColumns(problems: Problem[]): string[] {
  return [...new Set(problems.flatMap((p) => (p.severity === 'warning' && p.column && p.message.startsWith('Không nhận ra cột') ? [p.column] : [])))];
}

/** The chosen roles as the API's repeated `column` parameter. */
export const columnParams = (choices: ColumnChoice[]): string => choices.map((c) => `&column=${encodeURIComponent(`${c.header}=${c.role}`)}`).join('');

export function ColumnPicker(props: { choices: ColumnChoice[]; suggestions: string[]; busy: boolean; onApply: (choices: ColumnChoice[]) => void }) {
  const [header, setHeader] = useState('');
  const [role, setRole] = useState<ColumnRole>('lead');
  const { choices, suggestions, busy, onApply } = props;
  return (
    <fieldset id="column-picker" class="fields">
      <legend>Chỉ rõ vai trò của cột (khi tệp đặt tên cột khác thường)</legend>
      {suggestions.length > 0 ? <p class="hint">Cột chưa nhận ra: {suggestions.map((s) => `“${s}”`).join(', ')}.</p> : null}
      <label class="field">
        <span>Tên cột trong tệp</span>
        <input name="column-header" list="unrecognised-columns" value={header} onInput={(e) => setHeader(e.currentTarget.value)} />
        <datalist id="unrecognised-columns">
          {suggestions.map((s) => (
            <option value={s} />
          ))}
        </datalist>
      </label>
      <label class="field">
        <span>Vai trò</span>
        <select name="column-role" value={role} onChange={(e) => setRole(e.currentTarget.value as ColumnRole)}>
          {COLUMN_ROLES.map(([r, name]) => (
            <option value={r}>{name}</option>
          ))}
        </select>
      </label>
      <button
        type="button"
        id="apply-column"
        disabled={busy || header.trim() === ''}
        onClick={() => {
          const name = header.trim();
          setHeader('');
          onApply([...choices.filter((c) => c.header !== name), { header: name, role }]);
        }}
      >
        Áp dụng và xem trước lại
      </button>
      {choices.length > 0 ? (
        <ul id="column-choices">
          {choices.map((c) => (
            <li>
              “{c.header}” là cột {roleName(c.role).toLowerCase()}{' '}
              <button type="button" class="link" disabled={busy} onClick={() => onApply(choices.filter((x) => x !== c))}>
                Bỏ
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
