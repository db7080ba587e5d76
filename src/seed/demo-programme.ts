import { createHash } from 'node:crypto';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import type { SessionRole, SegmentKind, SessionFormat, SessionKind } from '../sessions/session-vocabulary.js';

/**
 * The programme of the demo edition (28th annual meeting, Jinan, 10–14 September 2025). Speakers,
 * affiliations and stream links are fictional. `buildDemoProgramme()` lays the sessions out on a
 * grid of rooms, channels and time slots, and hands out people so that nobody is in two
 * overlapping sessions; the seeder writes it as it is (times are local to Asia/Shanghai).
 */

/** A stable UUID for a demo row, so that loading twice finds the same rows. */
export function demoId(key: string): string {
  const h = createHash('sha1').update(`csco-demo:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const L = (en: string, zh: string): LocalizedText => ({ en, zh });

export interface DemoTrack {
  code: string;
  name: LocalizedText;
  colour: string;
  committee: LocalizedText | null;
}

export const DEMO_TRACKS: DemoTrack[] = [
  { code: 'LEU', name: L('Leukemia', '白血病'), colour: '#c0392b', committee: L('Leukemia Expert Committee', '白血病专家委员会') },
  { code: 'LYM', name: L('Lymphoma', '淋巴瘤'), colour: '#8e44ad', committee: L('Lymphoma Expert Committee', '淋巴瘤专家委员会') },
  { code: 'MM', name: L('Multiple Myeloma', '多发性骨髓瘤'), colour: '#2980b9', committee: L('Multiple Myeloma Expert Committee', '多发性骨髓瘤专家委员会') },
  { code: 'MDS', name: L('Myelodysplastic Syndromes', '骨髓增生异常综合征'), colour: '#16a085', committee: L('MDS Preparatory Committee', 'MDS筹备委员会') },
  { code: 'DRUG', name: L('Drug Innovation', '创新药物'), colour: '#d35400', committee: L('Drug Clinical Research Committee', '药物临床研究专家委员会') },
  { code: 'YP', name: L('Young Physicians', '青年医师'), colour: '#27ae60', committee: L('Young Oncologists Committee', '青年专家委员会') },
  { code: 'LUNG', name: L('Lung Cancer', '肺癌'), colour: '#7f8c8d', committee: L('Non-Small-Cell Lung Cancer Expert Committee', '非小细胞肺癌专家委员会') },
  { code: 'BRST', name: L('Breast Cancer', '乳腺癌'), colour: '#e84393', committee: L('Breast Cancer Expert Committee', '乳腺癌专家委员会') },
  { code: 'GI', name: L('Gastrointestinal Cancer', '消化道肿瘤'), colour: '#b7950b', committee: L('Gastric Cancer Expert Committee', '胃癌专家委员会') },
  { code: 'IO', name: L('Immuno-oncology', '肿瘤免疫治疗'), colour: '#34495e', committee: L('Immunotherapy Expert Committee', '免疫治疗专家委员会') },
];

export interface DemoRoom {
  key: string;
  kind: 'room' | 'channel';
  name: LocalizedText;
  venue?: string;
  city?: string;
  capacity?: number;
  platform?: string;
  streamUrl?: string;
}

const JINAN = 'Shandong International Convention and Exhibition Center';
export const DEMO_ROOMS: DemoRoom[] = [
  { key: 'main', kind: 'room', name: L('Main Hall', '主会场'), venue: JINAN, city: 'Jinan', capacity: 3000 },
  ...[1, 2, 3, 4, 5, 6].map((i): DemoRoom => ({ key: `a${i}`, kind: 'room', name: L(`Hall A${i}`, `A${i}厅`), venue: JINAN, city: 'Jinan', capacity: i <= 2 ? 800 : 400 })),
  { key: 'beijing', kind: 'room', name: L('Beijing Innovation Hall', '北京创新分会场'), venue: 'Beijing Conference Center', city: 'Beijing', capacity: 300 },
  { key: 'shanghai', kind: 'room', name: L('Shanghai Innovation Hall', '上海创新分会场'), venue: 'Shanghai Pudong Conference Center', city: 'Shanghai', capacity: 300 },
  { key: 'live-main', kind: 'channel', name: L('Main stream', '主会场直播'), platform: 'CSCO Live', streamUrl: 'https://live.csco-demo.example.org/2025/main' },
  ...[1, 2, 3, 4, 5, 6].map((i): DemoRoom => ({ key: `live-${i}`, kind: 'channel', name: L(`Online channel ${i}`, `线上频道${i}`), platform: 'CSCO Live', streamUrl: `https://live.csco-demo.example.org/2025/ch${i}` })),
  { key: 'live-bj', kind: 'channel', name: L('Beijing stream', '北京分会场直播'), platform: 'WeChat Channels', streamUrl: 'https://live.csco-demo.example.org/2025/beijing' },
  { key: 'live-sh', kind: 'channel', name: L('Shanghai stream', '上海分会场直播'), platform: 'WeChat Channels', streamUrl: 'https://live.csco-demo.example.org/2025/shanghai' },
];

export interface DemoSpeaker {
  key: string;
  name: LocalizedText;
  honorific: string;
  title: LocalizedText;
  affiliation: LocalizedText;
  country: string;
  international?: boolean;
  young?: boolean;
}

const CN_FAMILY: [string, string][] = [['王', 'Wang'], ['李', 'Li'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen'], ['杨', 'Yang'], ['赵', 'Zhao'], ['黄', 'Huang'], ['周', 'Zhou'], ['吴', 'Wu'], ['徐', 'Xu'], ['孙', 'Sun']];
const CN_GIVEN: [string, string][] = [['建华', 'Jianhua'], ['晓燕', 'Xiaoyan'], ['志强', 'Zhiqiang'], ['丽萍', 'Liping'], ['海涛', 'Haitao'], ['文静', 'Wenjing'], ['国庆', 'Guoqing'], ['雪梅', 'Xuemei'], ['明辉', 'Minghui'], ['春雷', 'Chunlei'], ['玉兰', 'Yulan'], ['振宇', 'Zhenyu']];
const CN_AFFILIATIONS: LocalizedText[] = [
  L('Jinan Provincial Cancer Hospital', '济南省立肿瘤医院'),
  L('Northern Institute of Hematology', '北方血液病研究所'),
  L('Eastern China Cancer Center', '华东肿瘤中心'),
  L('Capital Medical Oncology Hospital', '首都肿瘤医院'),
  L('Southern Medical University Cancer Hospital', '南方医科大学肿瘤医院'),
  L('Western China Hospital of Oncology', '华西肿瘤医院'),
];
const CN_TITLES: LocalizedText[] = [L('Professor, Chief Physician', '教授，主任医师'), L('Director of the Institute of Hematology', '血液病研究所所长'), L('Chief Physician', '主任医师')];

const YOUNG_GIVEN: [string, string][] = [['子涵', 'Zihan'], ['一鸣', 'Yiming'], ['思远', 'Siyuan'], ['雨桐', 'Yutong'], ['浩然', 'Haoran'], ['欣怡', 'Xinyi']];

/** 60 senior Chinese experts, 12 young investigators, 12 international faculty (all fictional). */
export const DEMO_SPEAKERS: DemoSpeaker[] = [
  ...Array.from({ length: 60 }, (_, i): DemoSpeaker => {
    const [fz, fe] = CN_FAMILY[i % CN_FAMILY.length];
    const [gz, ge] = CN_GIVEN[(i + Math.floor(i / CN_FAMILY.length)) % CN_GIVEN.length];
    return { key: `cn-${i}`, name: L(`${ge} ${fe}`, `${fz}${gz}`), honorific: 'Prof.', title: CN_TITLES[i % CN_TITLES.length], affiliation: CN_AFFILIATIONS[i % CN_AFFILIATIONS.length], country: 'CN' };
  }),
  ...Array.from({ length: 12 }, (_, i): DemoSpeaker => {
    const [fz, fe] = CN_FAMILY[(i * 5 + 1) % CN_FAMILY.length];
    const [gz, ge] = YOUNG_GIVEN[i % YOUNG_GIVEN.length];
    return { key: `yp-${i}`, name: L(`${ge} ${fe}`, `${fz}${gz}`), honorific: 'Dr.', title: L('Attending Physician', '主治医师'), affiliation: CN_AFFILIATIONS[(i + 2) % CN_AFFILIATIONS.length], country: 'CN', young: true };
  }),
  ...(
    [
      ['us-1', 'Emily Carter', '艾米莉·卡特', 'Boston Oncology Institute', '波士顿肿瘤研究所', 'US'],
      ['us-2', 'Michael Reynolds', '迈克尔·雷诺兹', 'Texas Cancer Research Center', '得克萨斯癌症研究中心', 'US'],
      ['ch-1', 'Lukas Meier', '卢卡斯·迈尔', 'Zurich University Hospital', '苏黎世大学医院', 'CH'],
      ['ch-2', 'Anna Keller', '安娜·凯勒', 'Bern Cancer Center', '伯尔尼癌症中心', 'CH'],
      ['jp-1', 'Hiroshi Tanaka', '田中浩', 'Tokyo Cancer Institute', '东京癌症研究所', 'JP'],
      ['jp-2', 'Yuki Sato', '佐藤由纪', 'Osaka Hematology Center', '大阪血液病中心', 'JP'],
      ['sg-1', 'Wei Ling Tan', '陈慧玲', 'Singapore Cancer Institute', '新加坡癌症研究院', 'SG'],
      ['sg-2', 'Rajesh Kumar', '拉杰什·库马尔', 'Singapore Cancer Institute', '新加坡癌症研究院', 'SG'],
      ['kr-1', 'Ji-ho Park', '朴智浩', 'Seoul Cancer Hospital', '首尔癌症医院', 'KR'],
      ['kr-2', 'Min-jung Kim', '金敏贞', 'Busan Oncology Center', '釜山肿瘤中心', 'KR'],
      ['hk-1', 'Ka Wai Cheung', '张家伟', 'Hong Kong Cancer Centre', '香港癌症中心', 'HK'],
      ['hk-2', 'Siu Ming Lee', '李兆明', 'Kowloon Hospital of Oncology', '九龙肿瘤医院', 'HK'],
    ] as const
  ).map(([key, en, zh, affEn, affZh, country]): DemoSpeaker => ({
    key,
    name: L(en, zh),
    honorific: 'Prof.',
    title: L('Professor of Medicine', '医学教授'),
    affiliation: L(affEn, affZh),
    country,
    international: true,
  })),
];

export interface DemoSegment {
  kind: SegmentKind;
  title?: LocalizedText;
  minutes: number;
  /** Who speaks in it: 'intl' an international expert, 'senior' a Chinese expert, 'young' a young investigator. */
  speaker?: 'intl' | 'senior' | 'young';
  commentator?: boolean;
}

export interface DemoSession {
  key: string;
  day: number; // 0..4
  from: string; // HH:mm local
  to: string;
  kind: SessionKind;
  format: SessionFormat;
  room?: string;
  channel?: string;
  track?: string;
  title: LocalizedText;
  description?: LocalizedText;
  segments: DemoSegment[];
  chairs: number;
}

const lectures = (n: number, minutes: number, who: DemoSegment['speaker'] = 'senior', discussion = 0): DemoSegment[] => [
  ...Array.from({ length: n }, (): DemoSegment => ({ kind: 'lecture', minutes, speaker: who })),
  ...(discussion ? [{ kind: 'discussion' as const, minutes: discussion, commentator: true }] : []),
];

const SPECIALS: DemoSession[] = [
  {
    key: 'opening', day: 2, from: '08:30', to: '10:00', kind: 'ceremony', format: 'hybrid', room: 'main', channel: 'live-main',
    title: L('Opening Ceremony', '开幕式'),
    description: L('Welcome addresses and video messages from the presidents of sister societies', '致辞及兄弟学会主席视频致辞'),
    segments: [
      { kind: 'ceremony', title: L('Welcome addresses', '领导致辞'), minutes: 30, speaker: 'senior' },
      { kind: 'video_message', title: L('Video message from the American sister society', '美国兄弟学会视频致辞'), minutes: 10, speaker: 'intl' },
      { kind: 'video_message', title: L('Video message from the European sister society', '欧洲兄弟学会视频致辞'), minutes: 10, speaker: 'intl' },
      { kind: 'video_message', title: L('Video message from the Japanese sister society', '日本兄弟学会视频致辞'), minutes: 10, speaker: 'intl' },
      { kind: 'lecture', title: L('Standardized Diagnosis and Treatment, Innovation-Driven Progress', '规范诊疗，创新驱动'), minutes: 30, speaker: 'senior' },
    ],
    chairs: 2,
  },
  {
    key: 'plenary', day: 2, from: '10:15', to: '11:45', kind: 'plenary', format: 'hybrid', room: 'main', channel: 'live-main',
    title: L('Presidential Plenary: selected abstracts', '主席专场：优秀摘要'),
    segments: [...Array.from({ length: 6 }, (): DemoSegment => ({ kind: 'talk', minutes: 10, speaker: 'senior' })), { kind: 'discussion', minutes: 30, commentator: true }],
    chairs: 2,
  },
  {
    key: 'idf', day: 3, from: '08:30', to: '11:45', kind: 'forum', format: 'hybrid', room: 'main', channel: 'live-main', track: 'DRUG',
    title: L('Innovation Drug Forum', '创新药物论坛'),
    description: L('Status and future of advanced therapies: cell therapy, gene therapy and stem-cell therapy', '先进疗法的现状与未来：细胞治疗、基因治疗、干细胞治疗'),
    segments: [
      { kind: 'lecture', title: L('Part 1 — Cell therapy: T-cell, CAR-T and TCR-T', '第一部分 细胞治疗：T细胞、CAR-T与TCR-T'), minutes: 45, speaker: 'intl' },
      { kind: 'panel', title: L('Panel: cell therapy', '圆桌讨论：细胞治疗'), minutes: 20, commentator: true },
      { kind: 'lecture', title: L('Part 2 — Gene therapy: gene editing and gene replacement', '第二部分 基因治疗：基因编辑与基因替代'), minutes: 45, speaker: 'intl' },
      { kind: 'panel', title: L('Panel: gene therapy', '圆桌讨论：基因治疗'), minutes: 20, commentator: true },
      { kind: 'lecture', title: L('Part 3 — Stem-cell therapy: haematopoietic stem-cell transplantation and regenerative medicine', '第三部分 干细胞治疗：造血干细胞移植与再生医学'), minutes: 45, speaker: 'senior' },
      { kind: 'panel', title: L('Panel: stem-cell therapy', '圆桌讨论：干细胞治疗'), minutes: 20, commentator: true },
    ],
    chairs: 2,
  },
  {
    key: 'yp', day: 3, from: '13:30', to: '15:00', kind: 'young_physician', format: 'hybrid', room: 'a6', channel: 'live-6', track: 'YP',
    title: L('Young Physicians Session: five-minute talks with expert commentary', '青年医师专场：五分钟报告与专家点评'),
    segments: Array.from({ length: 10 }, (_, i): DemoSegment[] => [
      { kind: 'talk', title: L(`Young investigator talk ${i + 1}`, `青年研究者报告 ${i + 1}`), minutes: 5, speaker: 'young' },
      { kind: 'commentary', title: L('Expert commentary', '专家点评'), minutes: 2, commentator: true },
      { kind: 'discussion', title: L('Discussion', '互动讨论'), minutes: 2 },
    ]).flat(),
    chairs: 1,
  },
  {
    key: 'cde', day: 1, from: '13:30', to: '15:00', kind: 'regulatory', format: 'hybrid', room: 'a1', channel: 'live-1', track: 'DRUG',
    title: L('Drug Evaluation Centre Session: talking with the reviewers', '药品审评中心专场：与审评专家对话'),
    segments: [...lectures(3, 20), { kind: 'qa', title: L('Questions to the reviewers', '审评答疑'), minutes: 30, commentator: true }],
    chairs: 1,
  },
  {
    key: 'drug-research', day: 4, from: '08:30', to: '10:00', kind: 'oral_abstracts', format: 'online', channel: 'live-2', track: 'DRUG',
    title: L('Drug Clinical Research Innovation Session: original studies with commentary', '药物临床研究创新专场：原创研究与点评'),
    segments: Array.from({ length: 6 }, (): DemoSegment[] => [{ kind: 'talk', minutes: 10, speaker: 'senior' }, { kind: 'commentary', minutes: 5, commentator: true }]).flat(),
    chairs: 1,
  },
  {
    key: 'intl-lecture-1', day: 2, from: '13:30', to: '15:00', kind: 'lecture', format: 'hybrid', room: 'main', channel: 'live-main', track: 'LYM',
    title: L('Current Status and Prospects of Advanced Therapies for Hematologic and Lymphoid Malignancies', '血液与淋巴系统恶性肿瘤先进疗法的现状与展望'),
    segments: lectures(3, 25, 'intl', 15),
    chairs: 1,
  },
  {
    key: 'intl-lecture-2', day: 3, from: '15:15', to: '16:45', kind: 'lecture', format: 'online', channel: 'live-main', track: 'MM',
    title: L('International Faculty Lectures: myeloma across Asia, Europe and America', '国际讲者讲座：亚洲、欧洲与美洲的骨髓瘤诊疗'),
    segments: lectures(3, 25, 'intl', 15),
    chairs: 1,
  },
  {
    key: 'award', day: 4, from: '15:15', to: '16:15', kind: 'ceremony', format: 'hybrid', room: 'main', channel: 'live-main',
    title: L('Award Ceremony and Closing', '颁奖典礼暨闭幕式'),
    segments: [
      { kind: 'ceremony', title: L('Annual Achievement Award', '年度成就奖'), minutes: 20, speaker: 'senior' },
      { kind: 'ceremony', title: L('Best young-investigator presentations and posters', '优秀青年研究者报告与壁报奖'), minutes: 25 },
      { kind: 'ceremony', title: L('Closing remarks', '闭幕致辞'), minutes: 15, speaker: 'senior' },
    ],
    chairs: 1,
  },
  ...(['LEU', 'LYM', 'MM', 'MDS'] as const).map((track, i): DemoSession => ({
    key: `guideline-${track}`, day: 0, from: ['08:30', '10:15', '13:30', '15:15'][i], to: ['10:00', '11:45', '15:00', '16:45'][i],
    kind: 'guideline_release', format: 'online', channel: 'live-main', track,
    title: [
      L('Guideline Release: CSCO Leukemia Guidelines 2025', '指南发布：CSCO白血病诊疗指南2025'),
      L('Guideline Release: CSCO Lymphoma Guidelines 2025', '指南发布：CSCO淋巴瘤诊疗指南2025'),
      L('Guideline Release: CSCO Multiple Myeloma Guidelines 2025', '指南发布：CSCO多发性骨髓瘤诊疗指南2025'),
      L('Guideline Release: Expert Consensus on MDS 2025', '指南发布：骨髓增生异常综合征专家共识2025'),
    ][i],
    segments: lectures(3, 25, 'senior', 15),
    chairs: 1,
  })),
  ...(['beijing', 'shanghai'] as const).map((city, i): DemoSession => ({
    key: `innovation-${city}`, day: 1, from: '08:30', to: '10:00', kind: 'forum', format: 'hybrid', room: city, channel: i ? 'live-sh' : 'live-bj', track: 'DRUG',
    title: i ? L('Shanghai Innovation Session: first-in-human trials', '上海创新专场：首次人体试验') : L('Beijing Innovation Session: from bench to bedside', '北京创新专场：从实验室到临床'),
    segments: lectures(3, 25, 'senior', 15),
    chairs: 1,
  })),
  ...[0, 1, 2, 3].map((day): DemoSession => ({
    key: `satellite-${day}`, day, from: '19:00', to: '20:30', kind: 'satellite_symposium', format: 'online', channel: `live-${day + 1}`,
    title: [
      L('Satellite Symposium: bispecific antibodies in practice', '卫星会：双特异性抗体的临床实践'),
      L('Satellite Symposium: antibody-drug conjugates', '卫星会：抗体偶联药物'),
      L('Satellite Symposium: oral targeted therapy adherence', '卫星会：口服靶向药物依从性'),
      L('Satellite Symposium: real-world evidence', '卫星会：真实世界研究'),
    ][day],
    segments: lectures(2, 35, 'senior', 20),
    chairs: 1,
  })),
  ...[2, 3, 4].map((day): DemoSession => ({
    key: `lunch-${day}`, day, from: '11:45', to: '13:30', kind: 'break', format: 'in_person', room: 'main',
    title: L('Lunch break and poster viewing', '午餐及壁报交流'),
    segments: [{ kind: 'break', minutes: 105 }],
    chairs: 0,
  })),
];

const TOPICS: Record<string, LocalizedText[]> = {
  LEU: [L('Acute myeloid leukemia: targeted therapy update', '急性髓系白血病靶向治疗进展'), L('Acute lymphoblastic leukemia: MRD-guided treatment', '急性淋巴细胞白血病：MRD指导治疗'), L('Chronic myeloid leukemia: treatment-free remission', '慢性髓系白血病：无治疗缓解')],
  LYM: [L('Diffuse large B-cell lymphoma: first-line strategies', '弥漫大B细胞淋巴瘤一线治疗策略'), L('Indolent lymphomas', '惰性淋巴瘤'), L('T-cell lymphoma: new agents', 'T细胞淋巴瘤新药')],
  MM: [L('Newly diagnosed myeloma: induction and transplantation', '新诊断骨髓瘤：诱导与移植'), L('Relapsed myeloma: bispecifics and CAR-T', '复发骨髓瘤：双抗与CAR-T')],
  MDS: [L('Lower-risk MDS: managing anaemia', '低危MDS：贫血管理'), L('Higher-risk MDS: beyond hypomethylating agents', '高危MDS：去甲基化药物之后')],
  LUNG: [L('EGFR-mutant non-small-cell lung cancer', 'EGFR突变非小细胞肺癌'), L('Small-cell lung cancer and immunotherapy', '小细胞肺癌与免疫治疗')],
  BRST: [L('HER2-low breast cancer: antibody-drug conjugates', 'HER2低表达乳腺癌：抗体偶联药物'), L('Early breast cancer: adjuvant CDK4/6 inhibitors', '早期乳腺癌：CDK4/6抑制剂辅助治疗')],
  GI: [L('Gastric cancer: perioperative therapy', '胃癌围手术期治疗'), L('Colorectal cancer: MSI-high disease', '结直肠癌：高度微卫星不稳定')],
  IO: [L('Immune-related adverse events', '免疫相关不良反应'), L('Biomarkers for immunotherapy', '免疫治疗生物标志物')],
};

const SLOTS: [string, string][] = [['08:30', '10:00'], ['10:15', '11:45'], ['13:30', '15:00'], ['15:15', '16:45']];
const FORMAT_CYCLE: SessionFormat[] = ['hybrid', 'online', 'hybrid', 'online', 'in_person', 'online', 'hybrid'];

/** The demo's sessions: the specials above, and track sessions filling the halls and channels A1–A6. */
export function demoSessions(total = 70): DemoSession[] {
  const sessions = [...SPECIALS];
  const taken = new Set(SPECIALS.flatMap((s) => [s.room, s.channel].filter(Boolean).map((p) => `${s.day}|${s.from}|${p}`)));
  const topics = Object.entries(TOPICS).flatMap(([track, list]) => list.map((title) => ({ track, title })));
  let n = 0;
  // Fill hall by hall across all days and slots, so that the days are evenly full.
  for (let hall = 1; hall <= 6 && sessions.length < total; hall++) {
    for (let day = 0; day < 5 && sessions.length < total; day++) {
      for (const [from, to] of SLOTS) {
        if (sessions.length >= total) break;
        const room = `a${hall}`;
        const channel = `live-${hall}`;
        if (taken.has(`${day}|${from}|${room}`) || taken.has(`${day}|${from}|${channel}`)) continue;
        const { track, title } = topics[n % topics.length];
        const format = FORMAT_CYCLE[n % FORMAT_CYCLE.length];
        n++;
        sessions.push({
          key: `track-${day}-${from}-${hall}`,
          day,
          from,
          to,
          kind: n % 5 === 0 ? 'panel' : 'lecture',
          format,
          room: format === 'online' ? undefined : room,
          channel: format === 'in_person' ? undefined : channel,
          track,
          title,
          segments: n % 4 === 0 ? lectures(2, 30, 'intl', 30) : lectures(3, 25, 'senior', 15),
          chairs: 1,
        });
      }
    }
  }
  return sessions;
}

export interface PlacedPerson {
  speakerKey: string;
  role: SessionRole;
  /** 1-based segment position, or null for the whole session. */
  segment: number | null;
}

/**
 * Hands out people to sessions so that nobody is in two overlapping sessions: chairs and
 * commentators from the senior pool, speakers from the pool their segment asks for, each the next
 * free person (round robin).
 */
export function assignPeople(sessions: DemoSession[]): Map<string, PlacedPerson[]> {
  const pools = {
    senior: DEMO_SPEAKERS.filter((s) => !s.international && !s.young).map((s) => s.key),
    intl: DEMO_SPEAKERS.filter((s) => s.international).map((s) => s.key),
    young: DEMO_SPEAKERS.filter((s) => s.young).map((s) => s.key),
  };
  const cursor = { senior: 0, intl: 0, young: 0 };
  const busy = new Map<string, [number, number][]>();
  const minutes = (s: DemoSession, hhmm: string) => s.day * 1440 + Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const out = new Map<string, PlacedPerson[]>();
  for (const s of [...sessions].sort((a, b) => minutes(a, a.from) - minutes(b, b.from))) {
    const range: [number, number] = [minutes(s, s.from), minutes(s, s.to)];
    const inSession = new Set<string>();
    const take = (pool: keyof typeof pools, reuse = false): string => {
      const list = pools[pool];
      for (let tries = 0; tries < list.length; tries++) {
        const key = list[cursor[pool]++ % list.length];
        if (!reuse && inSession.has(key)) continue;
        if ((busy.get(key) ?? []).some(([a, b]) => a < range[1] && range[0] < b)) continue;
        inSession.add(key);
        busy.set(key, [...(busy.get(key) ?? []), range]);
        return key;
      }
      throw new Error(`demo programme: no free ${pool} speaker for ${s.key}`);
    };
    const people: PlacedPerson[] = [];
    for (let c = 0; c < s.chairs; c++) people.push({ speakerKey: take('senior'), role: 'chair', segment: null });
    let commentator: string | null = null;
    s.segments.forEach((g, i) => {
      if (g.speaker) people.push({ speakerKey: take(g.speaker), role: 'speaker', segment: i + 1 });
      if (g.commentator) {
        commentator ??= take('senior');
        people.push({ speakerKey: commentator, role: g.kind === 'panel' ? 'panelist' : 'commentator', segment: i + 1 });
      }
    });
    out.set(s.key, people);
  }
  return out;
}
