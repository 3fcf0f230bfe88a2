/**
 * A "Chủ trì" / "Cơ quan thực hiện" cell may name the coordinating agencies too:
 * - "Văn phòng HĐND và UBND chủ trì phối hợp với Phòng Nội vụ và các phòng có liên quan";
 * - "Chủ trì: Sở Nội vụ; Phối hợp: Sở Tư pháp";
 * - "Sở Tài chính (chủ trì); Sở Nội vụ (phối hợp)", each agency marked in brackets.
 * The lead and the coordinating agencies are told apart; the markers are dropped.
 */
const SPLIT = /\s*,?\s*(?:chủ\s+trì\s*,?\s*(?:và\s+)?)?phối\s+hợp(?:\s+với)?\s*/iu;
const LEAD_WORD = /\s*,?\s*chủ\s+trì\s*[,.]?\s*$/iu;
const LABELLED = /^\s*chủ\s+trì\s*:\s*(.*?)\s*[;,.]?\s*phối\s+hợp\s*:\s*(.*)$/isu;
const MARK = /\(\s*(chủ\s+trì|phối\s+hợp)\s*\)/iu;

export function splitLeadCell(text: string): { lead: string; coordinating: string } {
  const labelled = LABELLED.exec(text);
  if (labelled) return { lead: labelled[1]!.trim(), coordinating: labelled[2]!.trim() };
  const lone = /^\s*chủ\s+trì\s*:\s*/iu.exec(text);
  if (lone) text = text.slice(lone[0].length);
  if (MARK.test(text)) {
    // A marker after a list names the whole list: "Sở Nội vụ, Sở Tư pháp (phối hợp)".
    const lead: string[] = [];
    const coordinating: string[] = [];
    for (const segment of text.split(/\s*;\s*/u)) {
      let carried: 'lead' | 'coordinating' = 'lead';
      const items = segment.split(/\s*,\s*/u).reverse();
      const placed: { name: string; role: 'lead' | 'coordinating' }[] = [];
      for (const item of items) {
        const mark = MARK.exec(item);
        if (mark) carried = /phối/iu.test(mark[1]!) ? 'coordinating' : 'lead';
        const name = item.replace(MARK, '').trim();
        if (name !== '') placed.unshift({ name, role: carried });
      }
      // Consecutive items of one role stay one list, their commas kept ("Sở Văn hóa, Thể thao và Du lịch").
      for (const role of ['lead', 'coordinating'] as const) {
        const names = placed.filter((p) => p.role === role).map((p) => p.name);
        if (names.length > 0) (role === 'coordinating' ? coordinating : lead).push(names.join(', '));
      }
    }
    return { lead: lead.join('; '), coordinating: coordinating.join('; ') };
  }
  const m = SPLIT.exec(text);
  if (!m || m.index === 0) return { lead: text.replace(LEAD_WORD, '').trim(), coordinating: '' };
  return {
    lead: text.slice(0, m.index).replace(LEAD_WORD, '').trim(),
    coordinating: text.slice(m.index + m[0].length).trim(),
  };
}
