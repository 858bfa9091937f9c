import type { Party } from '@ketnoi/domain';

// The organisations the seed articles name. Node ids follow `<country>-<place>` for public
// bodies and `org-<acronym>` for international organisations, as docs/design.md does.

export const HUE: Party = {
  nodeId: 'vn-hue',
  name: "Thừa Thiên Huế Provincial People's Committee (UBND tỉnh Thừa Thiên Huế)",
  role: 'PROVINCE',
  country: 'VN',
};
export const KOICA: Party = {
  nodeId: 'org-koica',
  name: 'Korea International Cooperation Agency (KOICA)',
  role: 'DONOR',
  country: 'KR',
};
// ADB is an international organisation; its country here is that of its headquarters (Manila),
// which the article does not state.
export const ADB: Party = {
  nodeId: 'org-adb',
  name: 'Asian Development Bank (ADB)',
  role: 'DONOR',
  country: 'PH',
};
export const AUSTRALIA: Party = {
  nodeId: 'au-dfat',
  name: 'Government of Australia (Chính phủ Úc)',
  role: 'DONOR',
  country: 'AU',
};

export const CAN_THO: Party = {
  nodeId: 'vn-cantho',
  name: "Cần Thơ City People's Committee (UBND TP Cần Thơ)",
  role: 'CITY',
  country: 'VN',
};
export const CAN_THO_DIC: Party = {
  nodeId: 'vn-cantho-dic',
  name: 'Cần Thơ Department of Information and Communications (Sở Thông tin và Truyền thông)',
  role: 'AGENCY',
  country: 'VN',
};
export const CAN_THO_UFO: Party = {
  nodeId: 'vn-cantho-ufo',
  name: 'Cần Thơ Union of Friendship Organisations (Liên hiệp Các tổ chức hữu nghị thành phố)',
  role: 'ASSOCIATION',
  country: 'VN',
};
export const CAN_THO_VGFA: Party = {
  nodeId: 'vn-cantho-vgfa',
  name: 'Cần Thơ Vietnam–Germany Friendship Association (Hội Hữu nghị Việt-Đức thành phố)',
  role: 'ASSOCIATION',
  country: 'VN',
};
export const FNF: Party = {
  nodeId: 'de-fnf',
  name: 'Friedrich Naumann Foundation (FNF)',
  role: 'NGO',
  country: 'DE',
};
export const CAN_THO_UNIVERSITY: Party = {
  nodeId: 'vn-ctu',
  name: 'Cần Thơ University (Trường ĐH Cần Thơ)',
  role: 'UNIVERSITY',
  country: 'VN',
};

export const DA_NANG: Party = {
  nodeId: 'vn-danang',
  name: "Đà Nẵng City People's Committee (UBND thành phố Đà Nẵng)",
  role: 'CITY',
  country: 'VN',
};
export const NEVERS: Party = { nodeId: 'fr-nevers', name: 'Nevers', role: 'CITY', country: 'FR' };
export const HA_NOI: Party = {
  nodeId: 'vn-hanoi',
  name: 'Hà Nội Department of Information and Communications (Sở Thông tin và Truyền thông Hà Nội)',
  role: 'AGENCY',
  country: 'VN',
};
// The article says "French partners and businesses" without naming one: a placeholder party
// until Hà Nội chooses its adviser.
export const FRENCH_PARTNERS: Party = {
  nodeId: 'fr-partners',
  name: 'French partners and businesses (đối tác và doanh nghiệp Pháp), to be named',
  role: 'ASSOCIATION',
  country: 'FR',
};
export const HAI_PHONG: Party = {
  nodeId: 'vn-haiphong',
  name: "Hải Phòng City People's Committee (UBND thành phố Hải Phòng)",
  role: 'CITY',
  country: 'VN',
};
export const LE_HAVRE: Party = { nodeId: 'fr-le-havre', name: 'Le Havre', role: 'CITY', country: 'FR' };
export const HCMC: Party = {
  nodeId: 'vn-hcmc',
  name: "Hồ Chí Minh City People's Committee (UBND TP.HCM)",
  role: 'CITY',
  country: 'VN',
};
