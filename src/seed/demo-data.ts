import type { CreateEventDto } from '../events/events.dto.js';

/** The demo accounts that the README lists. */
export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@demo.csco.test', password: 'demo-admin-2025', name: 'Demo Admin 管理员', isAdmin: true },
  organiser: { email: 'organiser@demo.csco.test', password: 'demo-organiser-2025', name: '王芳 Wang Fang (organiser)' },
  speaker: { email: 'speaker@demo.csco.test', password: 'demo-speaker-2025', name: '陈晓明 Chen Xiaoming (speaker)' },
  attendee: { email: 'attendee@demo.csco.test', password: 'demo-attendee-2025', name: '刘洋 Liu Yang (attendee)' },
} as const;

export const DEMO_SLUG = 'csco-2025';
export const UPCOMING_SLUG = 'demo-upcoming';

/** The 28th annual meeting (Jinan, 2025), as the domain notes describe it. */
export const DEMO_EDITION: CreateEventDto = {
  slug: DEMO_SLUG,
  title: { en: 'The 28th CSCO Annual Meeting', zh: '第二十八届全国临床肿瘤学大会暨CSCO学术年会' },
  theme: { en: 'Standardized Diagnosis and Treatment, Innovation-Driven Progress', zh: '规范诊疗，创新驱动' },
  acronym: 'CSCO 2025',
  city: 'Jinan',
  venue: 'Shandong International Convention and Exhibition Center',
  startsOn: '2025-09-10',
  endsOn: '2025-09-14',
  timeZone: 'Asia/Shanghai',
  format: 'hybrid',
  cfpOpensAt: '2025-03-01T00:00:00+08:00',
  cfpClosesAt: '2025-06-30T23:59:59+08:00',
  registrationOpensAt: '2025-05-01T00:00:00+08:00',
  registrationClosesAt: '2025-09-14T18:00:00+08:00',
  capacityInPerson: 30000,
  capacityOnline: null,
};
