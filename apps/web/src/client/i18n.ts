/**
 * Vietnamese and English. Messages are plain objects (two languages do not earn a library);
 * numbers, money and dates go through Intl so each locale gets its own grouping and order:
 * 1.011.800.000.000 ₫ in Vietnamese, 1,011,800,000,000 VND in English.
 */
export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

const en = {
  appTitle: 'Kết nối',
  board: 'Agreements',
  newAgreement: 'New agreement',
  audit: 'Audit',
  portfolio: 'Portfolio',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {sub} ({role} at {node})',
  notSignedIn: 'Not signed in',
  tokenLabel: 'Bearer token',
  tokenHelp:
    'Paste a token printed by `ketnoi token --role officer --node vn-hue`, or one from your identity provider.',
  tokenInvalid: 'This is not a JWT (three dot-separated parts with sub, role and node).',
  search: 'Search',
  searchPlaceholder: 'Title, party, programme (Hue finds Huế)',
  status: 'Status',
  party: 'Party',
  programme: 'Programme',
  theme: 'Theme',
  themes: 'Themes',
  any: 'Any',
  parties: 'Parties',
  committed: 'Committed',
  disbursed: 'Disbursed',
  lastActivity: 'Last activity',
  title: 'Title',
  kind: 'Kind',
  noAgreements: 'No agreements match.',
  truncated: 'Showing the first {count} agreements: narrow the search to see the others.',
  live: 'Live',
  loading: 'Loading…',
  total: 'Total',
  countersigned: 'Countersigned',
  awaitingSignature: 'Awaiting countersignature',
  onBehalf: 'on behalf, by {by}',
  withdrawn: 'Withdrawn',
  funding: 'Funding',
  noFunding: 'No funding recorded.',
  milestones: 'Milestones',
  noMilestones: 'No milestones.',
  due: 'due {date}',
  timeline: 'Timeline',
  actor: 'Actor',
  node: 'Node',
  time: 'Time',
  event: 'Event',
  actions: 'Actions',
  noActions: 'Nothing you may do on this agreement right now.',
  asOfLabel: 'As of',
  asOfShowing: 'Showing the state as of {at}.',
  backToNow: 'Back to now',
  staleRevision:
    'Someone changed this agreement while you were looking at it (now revision {revision}). The page shows the current state; check it and try again.',
  saved: 'Recorded.',
  failed: 'Not recorded: {detail}',
  submit: 'Submit',
  propose: 'Propose to the parties',
  countersign: 'Countersign',
  countersignFor: 'Countersign for',
  activate: 'Activate',
  commitFunding: 'Commit funding',
  disburse: 'Record a disbursement',
  planMilestone: 'Plan a milestone',
  reportMilestone: 'Report a milestone',
  suspend: 'Suspend',
  resume: 'Resume',
  renew: 'Renew',
  complete: 'Complete',
  terminate: 'Terminate',
  recordNote: 'Record a note',
  amount: 'Amount',
  currency: 'Currency',
  donor: 'Donor',
  reason: 'Reason',
  dueDate: 'Due date',
  milestone: 'Milestone',
  outcome: 'Outcome',
  newEndDate: 'New end date',
  summary: 'Summary',
  text: 'Text',
  titleVi: 'Title (Vietnamese)',
  titleEn: 'Title (English)',
  description: 'Description',
  themesHelp: 'Comma-separated, e.g. smart-city, tourism',
  startDate: 'Start date',
  endDate: 'End date',
  nodeId: 'Node',
  name: 'Name',
  role: 'Role',
  country: 'Country',
  addParty: 'Add a party',
  removeParty: 'Remove',
  draft: 'Record the draft',
  auditorView: 'Auditor view',
  boardAsOf: 'Board as of',
  verify: 'Verify the hash chains',
  verifyOk: 'Every hash chain and signature checks out ({events} events).',
  verifyBroken: '{count} broken link(s):',
  exportTrail: 'Export the trail',
  cityPortfolio: 'City portfolio',
  donorPortfolio: 'Donor portfolio',
  totalsPerCurrency: 'Totals per currency',
  agreementsByStatus: 'Agreements by status',
  overTime: 'Committed over time',
  open: 'Open',
  notFound: 'Not found.',
  errorLoading: 'Could not load: {detail}',
  unavailable: 'This view needs a route the hub does not serve yet ({detail}).',
  language: 'Language',
} as const;

export type MessageKey = keyof typeof en;

const vi: Record<MessageKey, string> = {
  appTitle: 'Kết nối',
  board: 'Thỏa thuận',
  newAgreement: 'Thỏa thuận mới',
  audit: 'Kiểm toán',
  portfolio: 'Danh mục',
  signIn: 'Đăng nhập',
  signOut: 'Đăng xuất',
  signedInAs: 'Đăng nhập: {sub} ({role} tại {node})',
  notSignedIn: 'Chưa đăng nhập',
  tokenLabel: 'Mã thông báo (bearer token)',
  tokenHelp:
    'Dán mã do `ketnoi token --role officer --node vn-hue` in ra, hoặc mã từ nhà cung cấp định danh.',
  tokenInvalid: 'Đây không phải JWT (ba phần cách nhau bằng dấu chấm, có sub, role và node).',
  search: 'Tìm kiếm',
  searchPlaceholder: 'Tiêu đề, bên tham gia, chương trình (gõ Hue tìm được Huế)',
  status: 'Trạng thái',
  party: 'Bên tham gia',
  programme: 'Chương trình',
  theme: 'Chủ đề',
  themes: 'Chủ đề',
  any: 'Tất cả',
  parties: 'Các bên',
  committed: 'Cam kết',
  disbursed: 'Đã giải ngân',
  lastActivity: 'Hoạt động gần nhất',
  title: 'Tiêu đề',
  kind: 'Loại',
  noAgreements: 'Không có thỏa thuận phù hợp.',
  truncated: 'Đang hiển thị {count} thỏa thuận đầu tiên: hãy thu hẹp tìm kiếm để xem các thỏa thuận khác.',
  live: 'Trực tiếp',
  loading: 'Đang tải…',
  total: 'Tổng',
  countersigned: 'Đã ký xác nhận',
  awaitingSignature: 'Chờ ký xác nhận',
  onBehalf: 'ký thay, bởi {by}',
  withdrawn: 'Đã rút',
  funding: 'Tài trợ',
  noFunding: 'Chưa có khoản tài trợ nào.',
  milestones: 'Mốc công việc',
  noMilestones: 'Chưa có mốc nào.',
  due: 'hạn {date}',
  timeline: 'Dòng thời gian',
  actor: 'Người thực hiện',
  node: 'Nút',
  time: 'Thời gian',
  event: 'Sự kiện',
  actions: 'Thao tác',
  noActions: 'Hiện bạn không có thao tác nào với thỏa thuận này.',
  asOfLabel: 'Tại thời điểm',
  asOfShowing: 'Đang hiển thị trạng thái tại {at}.',
  backToNow: 'Về hiện tại',
  staleRevision:
    'Thỏa thuận vừa được người khác thay đổi (nay là phiên bản {revision}). Trang đã hiển thị trạng thái mới nhất; hãy kiểm tra rồi thử lại.',
  saved: 'Đã ghi nhận.',
  failed: 'Chưa ghi nhận: {detail}',
  submit: 'Gửi',
  propose: 'Đề xuất tới các bên',
  countersign: 'Ký xác nhận',
  countersignFor: 'Ký xác nhận cho',
  activate: 'Kích hoạt',
  commitFunding: 'Cam kết tài trợ',
  disburse: 'Ghi nhận giải ngân',
  planMilestone: 'Lập mốc công việc',
  reportMilestone: 'Báo cáo mốc công việc',
  suspend: 'Tạm dừng',
  resume: 'Tiếp tục',
  renew: 'Gia hạn',
  complete: 'Hoàn thành',
  terminate: 'Chấm dứt',
  recordNote: 'Ghi chú',
  amount: 'Số tiền',
  currency: 'Tiền tệ',
  donor: 'Nhà tài trợ',
  reason: 'Lý do',
  dueDate: 'Hạn',
  milestone: 'Mốc',
  outcome: 'Kết quả',
  newEndDate: 'Ngày kết thúc mới',
  summary: 'Tóm tắt',
  text: 'Nội dung',
  titleVi: 'Tiêu đề (tiếng Việt)',
  titleEn: 'Tiêu đề (tiếng Anh)',
  description: 'Mô tả',
  themesHelp: 'Cách nhau bằng dấu phẩy, ví dụ smart-city, tourism',
  startDate: 'Ngày bắt đầu',
  endDate: 'Ngày kết thúc',
  nodeId: 'Nút',
  name: 'Tên',
  role: 'Vai trò',
  country: 'Quốc gia',
  addParty: 'Thêm bên tham gia',
  removeParty: 'Xóa',
  draft: 'Lưu bản dự thảo',
  auditorView: 'Góc nhìn kiểm toán',
  boardAsOf: 'Danh sách tại thời điểm',
  verify: 'Kiểm tra chuỗi băm',
  verifyOk: 'Mọi chuỗi băm và chữ ký đều hợp lệ ({events} sự kiện).',
  verifyBroken: '{count} liên kết bị hỏng:',
  exportTrail: 'Xuất nhật ký',
  cityPortfolio: 'Danh mục của thành phố',
  donorPortfolio: 'Danh mục của nhà tài trợ',
  totalsPerCurrency: 'Tổng theo tiền tệ',
  agreementsByStatus: 'Thỏa thuận theo trạng thái',
  overTime: 'Cam kết theo thời gian',
  open: 'Mở',
  notFound: 'Không tìm thấy.',
  errorLoading: 'Không tải được: {detail}',
  unavailable: 'Màn hình này cần một API mà hub chưa phục vụ ({detail}).',
  language: 'Ngôn ngữ',
};

const STATUS_NAMES: Record<Lang, Record<string, string>> = {
  en: {
    DRAFT: 'Draft',
    PROPOSED: 'Proposed',
    SIGNED: 'Signed',
    ACTIVE: 'Active',
    SUSPENDED: 'Suspended',
    COMPLETED: 'Completed',
    TERMINATED: 'Terminated',
    EXPIRED: 'Expired',
  },
  vi: {
    DRAFT: 'Dự thảo',
    PROPOSED: 'Đã đề xuất',
    SIGNED: 'Đã ký',
    ACTIVE: 'Đang thực hiện',
    SUSPENDED: 'Tạm dừng',
    COMPLETED: 'Hoàn thành',
    TERMINATED: 'Chấm dứt',
    EXPIRED: 'Hết hạn',
  },
};

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, vi };
const INTL_LOCALE: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

export interface Translator {
  readonly lang: Lang;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Status name in this language; the code itself is kept in `data-status` for tests and CSS. */
  status(code: string): string;
  money(amount: string, currency: string): string;
  number(value: number): string;
  /** `YYYY-MM-DD` calendar date, shown without a time zone shift. */
  date(isoDate: string): string;
  /** ISO instant, in the browser's time zone. */
  instant(iso: string): string;
}

export function translator(lang: Lang): Translator {
  const locale = INTL_LOCALE[lang];
  const numbers = new Intl.NumberFormat(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const instants = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  return {
    lang,
    t: (key, params = {}) =>
      MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)),
    status: (code) => STATUS_NAMES[lang][code] ?? code,
    money: (amount, currency) => formatMoney(amount, currency, lang),
    number: (value) => numbers.format(value),
    date: (isoDate) => {
      const parsed = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(parsed.getTime()) ? isoDate : dates.format(parsed);
    },
    instant: (iso) => {
      const parsed = new Date(iso);
      return Number.isNaN(parsed.getTime()) ? iso : instants.format(parsed);
    },
  };
}

/**
 * Money from its exact decimal string: Intl formats a numeric string without going through a
 * float (ECMA-402 NumberFormat v3), so 1011800000000.5 keeps its last digit. Vietnamese puts the
 * currency symbol after the amount (₫ for VND); English shows the ISO code after the amount, as
 * the hub's partners write it in agreements.
 */
export function formatMoney(amount: string, currency: string, lang: Lang): string {
  const decimals = amount.includes('.') ? amount.split('.')[1]!.length : 0;
  // Intl's typings accept only numbers; at run time a numeric string is formatted exactly.
  const exact = amount as unknown as number;
  try {
    const digits = Math.max(decimals, currencyDigits(currency));
    if (lang === 'vi') return numberFormat('vi-VN', digits, currency).format(exact);
    return `${numberFormat('en-GB', digits).format(exact)} ${currency}`;
  } catch {
    return `${amount} ${currency}`; // an unknown currency code: show it as recorded
  }
}

// Building an Intl formatter costs far more than using one; a board shows thousands of amounts.
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, digits: number, currency?: string): Intl.NumberFormat {
  const key = `${locale}|${digits}|${currency ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      ...(currency ? { style: 'currency', currency } : {}),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, format);
  }
  return format;
}

const digitsOf = new Map<string, number>();

function currencyDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().minimumFractionDigits ??
      2;
    digitsOf.set(currency, digits);
  }
  return digits;
}
