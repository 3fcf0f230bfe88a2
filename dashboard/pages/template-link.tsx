/**
 * The template a task follows, for its page: name and version (the task view names it), linking to
 * the template page for admins and monitors, who also learn whether a newer version exists (where
 * an admin can move the task to it).
 */
import { api } from '../api';
import { useLoad } from '../load';
import { useSession } from '../session';
import { templateHref, type TemplateDetail } from './template-shared';

export function TemplateFact({ template, workflowId }: { template: { id: string; version: number; name?: string | null } | null | undefined; workflowId: string }) {
  const { user } = useSession();
  const reads = user.role === 'admin' || user.role === 'monitor';
  const detail = useLoad(
    () => (reads && template ? api<TemplateDetail>(`/api/templates/${encodeURIComponent(template.id)}`) : Promise.resolve(null)),
    [reads, template?.id, template?.version],
  );
  if (!template) return <span id="task-template">Không theo mẫu (quy trình mặc định)</span>;
  const name = template.name ?? detail.data?.versions.find((v) => v.version === template.version)?.name ?? template.id;
  const newer = detail.data && detail.data.version > template.version ? ` (mẫu đã có phiên bản ${detail.data.version})` : '';
  const words = `${name} — phiên bản ${template.version}${newer}`;
  return <span id="task-template">{reads ? <a href={templateHref(template.id, `?task=${encodeURIComponent(workflowId)}`)}>{words}</a> : words}</span>;
}
