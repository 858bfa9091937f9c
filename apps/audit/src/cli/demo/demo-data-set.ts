import type { DemoAgreement } from './demo-agreement.js';
import * as p from './parties.js';

// The demo data set: facts of the five seed articles (Vietnamese news of 2021–2024, docs/design.md "Demo data")
// encoded as agreements. Every name, amount, date and programme below comes from an article
// unless a comment marked "added:" says otherwise.

const SEED_CAN_THO_WORKSHOP = '000_3fef205a91c4ed40.txt'; // Kết nối phố, 06/12/2023
const SEED_HUE = '001_cd27415d5cd7e0d1.txt'; // Huế–ADB workshop; KOICA grant; TP.HCM Mekong
const SEED_CAN_THO_SCHEME = '002_a731722105e8e717.txt'; // Decision 1652/QĐ-UBND, 06/08/2021
const SEED_VN_FR = '004_34fa649300a37e3f.txt'; // 12th Vietnam–France decentralised cooperation conference

const VIETNAM_FRANCE = 'Vietnam–France decentralised cooperation';

export const DEMO_AGREEMENTS: readonly DemoAgreement[] = [
  {
    key: 'hue-koica-smart-culture-tourism',
    sources: [SEED_HUE],
    draft: {
      title: 'Xây dựng thành phố Huế văn hóa và du lịch thông minh',
      titleTranslations: {
        vi: 'Xây dựng thành phố Huế văn hóa và du lịch thông minh',
        en: 'Huế smart culture and tourism city',
      },
      description:
        'Non-refundable aid from KOICA to promote sustainable urban and tourism development of Huế city ' +
        '(economic, environmental and social), contributing to the SDGs on decent work and economic growth; ' +
        'industry, innovation and infrastructure; sustainable cities and communities.',
      kind: 'GRANT',
      // added: the programme name is docs/design.md's; the article says only that KOICA granted the project.
      programme: 'KOICA Vietnam country programme',
      themes: ['smart-city', 'tourism', 'culture', 'sustainable-development'],
      parties: [p.HUE, p.KOICA],
      // added: the article gives no dates; these are docs/design.md's example dates.
      startDate: '2021-01-01',
      endDate: '2025-12-31',
    },
    funding: [{ amount: '13000000', currency: 'USD', donor: 'org-koica' }],
    stage: 'ACTIVE',
  },
  {
    key: 'hue-adb-australia-smart-digital-urban-model',
    sources: [SEED_HUE],
    draft: {
      title: 'Xây dựng mô hình đô thị kỹ thuật số thông minh cho quy hoạch không gian đô thị',
      titleTranslations: {
        vi: 'Xây dựng mô hình đô thị kỹ thuật số thông minh cho quy hoạch không gian đô thị',
        en: 'Smart digital urban model for urban spatial planning',
      },
      description:
        'ADB and the Government of Australia support Thừa Thiên Huế in building a smart digital urban model ' +
        'for urban spatial planning, part of digital government, making planning comprehensive, efficient and ' +
        'cost-saving. Followed by a smart-city workshop of the Provincial People’s Committee with ADB ' +
        '(Vice Chairman Nguyễn Thanh Bình).',
      kind: 'TECHNICAL_ASSISTANCE',
      themes: ['smart-city', 'urban-planning', 'digital-government'],
      parties: [p.HUE, p.ADB, p.AUSTRALIA],
    },
    milestones: [
      // added: the article reports the workshop without a date; the due date is illustrative.
      {
        title:
          'Smart-city workshop with ADB: Asian smart-city models and first assessment of digital transformation',
        dueDate: '2023-12-31',
      },
    ],
    stage: 'SIGNED',
  },
  {
    key: 'cantho-fnf-smart-city-technical-solutions',
    sources: [SEED_CAN_THO_WORKSHOP],
    draft: {
      title: 'Hợp tác hỗ trợ giải pháp kỹ thuật phát triển thành phố thông minh',
      titleTranslations: {
        vi: 'Hợp tác hỗ trợ giải pháp kỹ thuật phát triển thành phố thông minh',
        en: 'Cooperation on technical solutions for smart-city development',
      },
      description:
        'Cooperation marked by the workshop "Những giải pháp kỹ thuật hỗ trợ phát triển thành phố thông minh" ' +
        'in Cần Thơ: a foundation for mutual understanding, exchanges and investment promotion in the city.',
      kind: 'MOU',
      themes: ['smart-city', 'exchanges', 'investment-promotion'],
      // added: the city itself (home party) beside the four organisations the article names.
      parties: [p.CAN_THO, p.CAN_THO_UFO, p.CAN_THO_VGFA, p.FNF, p.CAN_THO_UNIVERSITY],
    },
    milestones: [
      // The article (6 Dec 2023) says the workshop was held "recently"; its date is the article's.
      {
        title: 'Workshop "Technical solutions supporting smart-city development", Cần Thơ',
        dueDate: '2023-12-06',
      },
    ],
    stage: 'PROPOSED',
  },
  {
    key: 'cantho-smart-city-scheme-2021-2025',
    sources: [SEED_CAN_THO_SCHEME, SEED_CAN_THO_WORKSHOP],
    draft: {
      title:
        'Đề án Xây dựng TP Cần Thơ phát triển thành đô thị thông minh, giai đoạn 2021-2025, tầm nhìn đến năm 2030',
      titleTranslations: {
        vi: 'Đề án Xây dựng TP Cần Thơ phát triển thành đô thị thông minh, giai đoạn 2021-2025, tầm nhìn đến năm 2030',
        en: 'Cần Thơ smart city scheme 2021–2025, vision to 2030',
      },
      description:
        'Approved by Decision No. 1652/QĐ-UBND of 2 Aug 2021; the Department of Information and Communications ' +
        'leads implementation and reports periodically. Budget over 1,011.8 billion VND, of which over 868.4 ' +
        'billion VND from the state budget and the rest from other lawful sources. The smart city operations ' +
        'centre has been in pilot operation since the end of April 2021.',
      kind: 'PROGRAMME',
      themes: [
        'smart-city',
        'smart-transport',
        'environment-monitoring',
        'smart-tourism',
        'smart-health',
        'smart-education',
      ],
      parties: [p.CAN_THO, p.CAN_THO_DIC],
      startDate: '2021-08-02',
      endDate: '2025-12-31',
    },
    // The whole scheme budget, committed by the city (state budget plus other lawful sources).
    funding: [{ amount: '1011800000000', currency: 'VND', donor: 'vn-cantho', committedOn: '2021-08-02' }],
    milestones: [
      // The phase end dates are the last day of the years the article gives (2021–2022, 2023–2025).
      {
        title:
          'Phase 1: smart city operations centre and priority areas (transport, environment, security, tourism, health, education)',
        dueDate: '2022-12-31',
      },
      {
        title: 'Phase 2: extend the smart city across priority areas and attract private investment',
        dueDate: '2025-12-31',
      },
    ],
    // Activated today: the hub records the activation as a fact when it is entered.
    stage: 'ACTIVE',
  },
  {
    key: 'danang-nevers-smart-city-digitalisation',
    sources: [SEED_VN_FR],
    draft: {
      title: 'Hợp tác thành phố thông minh và số hóa Đà Nẵng – Nevers',
      titleTranslations: {
        vi: 'Hợp tác thành phố thông minh và số hóa Đà Nẵng – Nevers',
        en: 'Đà Nẵng – Nevers smart city and digitalisation cooperation',
        fr: 'Coopération Da Nang – Nevers ville intelligente et numérisation',
      },
      description:
        'From the thematic workshop "Thành phố thông minh - Số hóa" of the 12th Vietnam–France decentralised ' +
        'cooperation conference (Hanoi, 14 April 2023), co-chaired by Hồ Kỳ Minh (Standing Vice Chairman, ' +
        'Đà Nẵng) and Denis Thuriot (Nevers) with former ambassador Nguyễn Thiệp.',
      kind: 'MOU',
      programme: VIETNAM_FRANCE,
      themes: ['smart-city', 'digitalisation', 'decentralised-cooperation'],
      parties: [p.DA_NANG, p.NEVERS],
    },
    milestones: [{ title: 'Thematic workshop "Smart city – Digitalisation", Hanoi', dueDate: '2023-04-14' }],
    stage: 'PROPOSED',
  },
  {
    key: 'hanoi-french-advice-smart-city-transport',
    sources: [SEED_VN_FR],
    draft: {
      title: 'Tư vấn xây dựng Đề án thành phố thông minh, giao thông thông minh của Hà Nội',
      titleTranslations: {
        vi: 'Tư vấn xây dựng Đề án thành phố thông minh, giao thông thông minh của Hà Nội',
        en: 'French advice on Hà Nội’s smart city scheme and smart transport',
      },
      description:
        'Hà Nội asks French partners and businesses to advise on its smart city scheme and smart transport, ' +
        'and on transferring smart technology in urban management, environment, health, education and food ' +
        'safety (Nguyễn Việt Hùng, Director of the Hà Nội Department of Information and Communications). ' +
        'Target: smart Hà Nội by 2025, orientation to 2030.',
      kind: 'TECHNICAL_ASSISTANCE',
      programme: VIETNAM_FRANCE,
      themes: ['smart-city', 'smart-transport', 'technology-transfer'],
      parties: [p.HA_NOI, p.FRENCH_PARTNERS],
      endDate: '2025-12-31',
    },
    stage: 'DRAFT',
  },
  {
    key: 'haiphong-le-havre-smart-port-city',
    sources: [SEED_VN_FR],
    draft: {
      title: 'Trao đổi kinh nghiệm thành phố cảng thông minh Hải Phòng – Le Havre',
      titleTranslations: {
        vi: 'Trao đổi kinh nghiệm thành phố cảng thông minh Hải Phòng – Le Havre',
        en: 'Hải Phòng – Le Havre smart port city exchange',
        fr: 'Échange Hai Phong – Le Havre ville portuaire intelligente',
      },
      description:
        'Both presented at the 12th Vietnam–France conference: Hải Phòng (Vice Chairman Hoàng Minh Cường) on ' +
        'smart urban development on a GIS base and digital transformation on three pillars in 2023; Le Havre ' +
        '(Deputy Mayor Caroline Leclerq) on the "smart port city": by 2030 a big-data platform on the port and ' +
        'its residents, smart maritime services.',
      kind: 'MOU',
      programme: VIETNAM_FRANCE,
      themes: ['smart-city', 'smart-port', 'digital-transformation'],
      // added: the pairing. The article has both cities speak at the same workshop, not sign together.
      parties: [p.HAI_PHONG, p.LE_HAVRE],
      endDate: '2030-12-31',
    },
    stage: 'DRAFT',
  },
  {
    key: 'hcmc-mekong-subregion-smart-city',
    sources: [SEED_HUE, SEED_CAN_THO_WORKSHOP],
    draft: {
      title: 'Mở rộng hợp tác tiểu vùng sông Mekong về đô thị thông minh',
      titleTranslations: {
        vi: 'Mở rộng hợp tác tiểu vùng sông Mekong về đô thị thông minh',
        en: 'Mekong subregion smart-city cooperation',
      },
      description:
        'TP.HCM (Vice Chairman Võ Văn Hoan), aiming to become a smart city by 2025, is ready to receive outside ' +
        'resources and open cooperation and investment opportunities in the Mekong subregion.',
      kind: 'MOU',
      programme: 'Mekong subregion',
      themes: ['smart-city', 'regional-cooperation', 'investment'],
      // added: Cần Thơ as the first partner. The article names none; seed 000 calls Cần Thơ the
      // hub of the Mekong Delta.
      parties: [p.HCMC, p.CAN_THO],
      endDate: '2025-12-31',
    },
    stage: 'DRAFT',
  },
];
