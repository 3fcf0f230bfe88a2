/**
 * A "Chủ trì" / "Cơ quan thực hiện" cell may name the coordinating agencies too:
 * "Văn phòng HĐND và UBND chủ trì phối hợp với Phòng Nội vụ và các phòng có liên quan" means
 * lead = Văn phòng HĐND và UBND, coordinating = Phòng Nội vụ and the relevant offices.
 */
const SPLIT = /\s*,?\s*(?:chủ\s+trì\s*,?\s*(?:và\s+)?)?phối\s+hợp(?:\s+với)?\s*/iu;
const LEAD_WORD = /\s*,?\s*chủ\s+trì\s*[,.]?\s*$/iu;

export function splitLeadCell(text: string): { lead: string; coordinating: string } {
  const m = SPLIT.exec(text);
  if (!m || m.index === 0) return { lead: text.replace(LEAD_WORD, '').trim(), coordinating: '' };
  return {
    lead: text.slice(0, m.index).replace(LEAD_WORD, '').trim(),
    coordinating: text.slice(m.index + m[0].length).trim(),
  };
}
