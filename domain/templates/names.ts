/**
 * How dondoc names a template's categories and a level's recipients. No zod here: the dashboard
 * imports this module without pulling the schemas (domain/templates/schema.ts) into its bundle.
 */

export const TEMPLATE_CATEGORIES = ['Nhiệm vụ trong kế hoạch', 'Báo cáo định kỳ', 'Hồ sơ thủ tục hành chính', 'Nhiệm vụ UBND tỉnh giao'] as const;

/** Who receives a level: the lead agency's head, the monitoring office, the chair, or one named account. */
export const LEVEL_RECIPIENTS = ['head', 'monitor', 'chair', 'account'] as const;
export type LevelRecipient = (typeof LEVEL_RECIPIENTS)[number];

export const LEVEL_RECIPIENT_NAMES: Record<LevelRecipient, string> = {
  head: 'Thủ trưởng cơ quan chủ trì',
  monitor: 'Văn phòng UBND (cơ quan theo dõi, đôn đốc)',
  chair: 'Chủ tịch UBND',
  account: 'tài khoản được chỉ định',
};
