/** docs/design.md's contract example, verbatim: the KOICA grant to Huế. */
export const HUE_KOICA_DRAFT = {
  title: 'Huế smart culture and tourism city',
  kind: 'GRANT',
  programme: 'KOICA Vietnam country programme',
  themes: ['smart-city', 'tourism'],
  parties: [
    { nodeId: 'vn-hue', name: "Thừa Thiên Huế Provincial People's Committee", role: 'CITY', country: 'VN' },
    { nodeId: 'org-koica', name: 'Korea International Cooperation Agency', role: 'DONOR', country: 'KR' },
  ],
  startDate: '2021-01-01',
  endDate: '2025-12-31',
} as const;

/** Cần Thơ smart city scheme 2021–2025: 1 011.8 billion VND, which must round-trip exactly. */
export const CAN_THO_SCHEME_DRAFT = {
  title: 'Cần Thơ smart city scheme 2021–2025',
  kind: 'PROGRAMME',
  programme: 'Decision 1652/QĐ-UBND',
  themes: ['smart-city'],
  parties: [
    { nodeId: 'vn-can-tho', name: 'Cần Thơ City People’s Committee', role: 'CITY', country: 'VN' },
    { nodeId: 'vn-mof', name: 'Ministry of Finance', role: 'AGENCY', country: 'VN' },
  ],
  startDate: '2021-08-02',
  endDate: '2025-12-31',
} as const;
