/** A fictional province, written for the tests, with the bodies of a province after the 2025 reorganisation. */
import { DirectorySchema, type Directory } from '../../domain/directory';

const contact = (id: string) => ({
  officer: [{ name: `Đầu mối ${id}`, email: `${id}@hason.example` }],
  head: [{ name: `Thủ trưởng ${id}`, email: `${id}.tt@hason.example` }],
});
const agency = (id: string, name: string, aliases: string[] = []) => ({ id, name, jurisdiction: 'ha-son', aliases, contacts: contact(id) });

export const HA_SON: Directory = DirectorySchema.parse({
  jurisdictions: [{ id: 'ha-son', name: 'Tỉnh Hà Sơn', monitor: 'vp-ubnd', chair: { name: 'Chủ tịch UBND tỉnh Hà Sơn', email: 'chutich@hason.example' } }],
  agencies: [
    agency('vp-ubnd', 'Văn phòng UBND tỉnh'),
    agency('so-noi-vu', 'Sở Nội vụ'),
    agency('so-tu-phap', 'Sở Tư pháp'),
    agency('so-tai-chinh', 'Sở Tài chính'),
    agency('so-khcn', 'Sở Khoa học và Công nghệ'),
    agency('so-vhttdl', 'Sở Văn hóa, Thể thao và Du lịch'),
    agency('so-nnmt', 'Sở Nông nghiệp và Môi trường'),
    agency('so-xd', 'Sở Xây dựng'),
    agency('so-gddt', 'Sở Giáo dục và Đào tạo'),
    agency('so-kh-dt', 'Sở Kế hoạch và Đầu tư'),
    agency('thanh-tra', 'Thanh tra tỉnh'),
    agency('cong-an', 'Công an tỉnh'),
    agency('tt-hcc', 'Trung tâm Phục vụ hành chính công tỉnh'),
    agency('ubnd-an-binh', 'UBND xã An Bình'),
    agency('ubnd-tan-lap', 'UBND xã Tân Lập'),
    agency('ubnd-phu-my', 'UBND phường Phú Mỹ'),
  ],
  groups: [
    { id: 'cac-so', name: 'Các sở, ban, ngành tỉnh', jurisdiction: 'ha-son', aliases: ['Các sở, ngành'], members: ['so-noi-vu', 'so-tu-phap', 'so-tai-chinh'] },
  ],
});
