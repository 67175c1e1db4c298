/**
 * Ranks pool commissioners for an enterprise demand. Every point is explained, so that an admin
 * can see why one commissioner is proposed ahead of another.
 */

export interface DemandProfile {
  industry: string;
  technicalFields: readonly string[];
  location: string;
}

export interface CandidateProfile {
  commissionerId: string;
  name: string;
  institution: string;
  industries: readonly string[];
  technicalFields: readonly string[];
  serviceAreas: readonly string[];
  /** Enterprises the commissioner currently serves. */
  activeEnterprises: number;
}

export interface RankingWeights {
  technicalFields: number;
  industry: number;
  location: number;
  load: number;
  /** The number of active enterprises at which a commissioner earns no load points. */
  fullLoadAt: number;
}

export const defaultRankingWeights: RankingWeights = {
  technicalFields: 40,
  industry: 25,
  location: 15,
  load: 20,
  fullLoadAt: 3,
};

export type Criterion = 'technicalFields' | 'industry' | 'location' | 'load';

/**
 * Why a criterion earned its points, as a code and its parameters, so that each reader's language can
 * say it (the console's `candidates.reason.*` messages); `explanation` says it in English for API users.
 * `industry` is an id of the industry vocabulary, for the reader's language to name.
 */
export type ComponentReason =
  | { readonly code: 'noTechnicalFieldsNamed' }
  | { readonly code: 'technicalFieldsMatch'; readonly matched: number; readonly wanted: number }
  | { readonly code: 'industryMatches' | 'noIndustryMatch'; readonly industry: string }
  | { readonly code: 'serviceAreaMatches' | 'noServiceAreaMatch'; readonly location: string }
  | { readonly code: 'load'; readonly activeEnterprises: number; readonly fullLoadAt: number };

export interface ScoreComponent {
  criterion: Criterion;
  points: number;
  maxPoints: number;
  /**
   * For technical fields, the demand's fields that matched; for industry and location, the
   * candidate's entries that matched; empty for load.
   */
  matched: readonly string[];
  reason: ComponentReason;
  /** The reason in English, with what matched. */
  explanation: string;
}

export interface RankedCandidate {
  commissionerId: string;
  name: string;
  institution: string;
  /** The sum of the components' rounded points, so that the explanation adds up. */
  score: number;
  components: readonly ScoreComponent[];
}

/** Free text is typed by people: full-width forms, stray spaces and letter case must not decide a match. */
function normalized(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/** Containment either way, so that 智能制造 matches 智能制造装备 and 余杭区 matches 杭州市余杭区. */
function fieldsMatch(a: string, b: string): boolean {
  const left = normalized(a);
  const right = normalized(b);
  // An empty string is contained in everything; it must match nothing.
  return left !== '' && right !== '' && (left.includes(right) || right.includes(left));
}

function roundedToTenth(points: number): number {
  return Math.round(points * 10) / 10;
}

function distinctNonEmpty(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  return texts.filter((text) => {
    const key = normalized(text);
    if (key === '' || seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function technicalFieldsComponent(
  demand: DemandProfile,
  candidate: CandidateProfile,
  weight: number,
): ScoreComponent {
  const wanted = distinctNonEmpty(demand.technicalFields);
  const matched = wanted.filter((field) => candidate.technicalFields.some((own) => fieldsMatch(field, own)));
  const share = wanted.length === 0 ? 0 : matched.length / wanted.length;
  const reason: ComponentReason =
    wanted.length === 0
      ? { code: 'noTechnicalFieldsNamed' }
      : { code: 'technicalFieldsMatch', matched: matched.length, wanted: wanted.length };
  return {
    criterion: 'technicalFields',
    points: roundedToTenth(weight * share),
    maxPoints: weight,
    matched,
    reason,
    explanation: inEnglish(reason, matched),
  };
}

function singleFieldComponent(
  criterion: 'industry' | 'location',
  wanted: string,
  offered: readonly string[],
  weight: number,
): ScoreComponent {
  const matched = distinctNonEmpty(offered.filter((own) => fieldsMatch(wanted, own)));
  const reason: ComponentReason =
    criterion === 'industry'
      ? { code: matched.length === 0 ? 'noIndustryMatch' : 'industryMatches', industry: wanted }
      : { code: matched.length === 0 ? 'noServiceAreaMatch' : 'serviceAreaMatches', location: wanted };
  return {
    criterion,
    points: matched.length === 0 ? 0 : roundedToTenth(weight),
    maxPoints: weight,
    matched,
    reason,
    explanation: inEnglish(reason, matched),
  };
}

function loadComponent(candidate: CandidateProfile, weight: number, fullLoadAt: number): ScoreComponent {
  const active = Math.max(0, candidate.activeEnterprises);
  const spareShare = Math.max(0, 1 - active / fullLoadAt);
  const reason: ComponentReason = { code: 'load', activeEnterprises: active, fullLoadAt };
  return {
    criterion: 'load',
    points: roundedToTenth(weight * spareShare),
    maxPoints: weight,
    matched: [],
    reason,
    explanation: inEnglish(reason, []),
  };
}

/** The reason as the API's English explanation says it, naming what `matched`. */
function inEnglish(reason: ComponentReason, matched: readonly string[]): string {
  switch (reason.code) {
    case 'noTechnicalFieldsNamed':
      return 'the demand names no technical fields';
    case 'technicalFieldsMatch':
      return reason.matched === 0
        ? `none of ${reason.wanted} technical fields match`
        : `${reason.matched} of ${reason.wanted} technical fields match: ${matched.join(', ')}`;
    case 'industryMatches':
      return `industry ${matched.join(', ')} matches ${reason.industry}`;
    case 'noIndustryMatch':
      return `no industry matches ${reason.industry}`;
    case 'serviceAreaMatches':
      return `service area ${matched.join(', ')} matches ${reason.location}`;
    case 'noServiceAreaMatch':
      return `no service area matches ${reason.location}`;
    case 'load':
      return `serves ${reason.activeEnterprises} ${reason.activeEnterprises === 1 ? 'enterprise' : 'enterprises'}; full load is ${reason.fullLoadAt}`;
  }
}

function assertUsable(weights: RankingWeights): void {
  for (const criterion of ['technicalFields', 'industry', 'location', 'load'] as const) {
    if (!Number.isFinite(weights[criterion]) || weights[criterion] < 0) {
      throw new RangeError(`ranking weight ${criterion} must be a finite number of at least 0`);
    }
  }
  if (!Number.isFinite(weights.fullLoadAt) || weights.fullLoadAt <= 0) {
    throw new RangeError('ranking weight fullLoadAt must be a finite number greater than 0');
  }
}

function scoreCandidate(
  demand: DemandProfile,
  candidate: CandidateProfile,
  weights: RankingWeights,
): RankedCandidate {
  const components = [
    technicalFieldsComponent(demand, candidate, weights.technicalFields),
    singleFieldComponent('industry', demand.industry, candidate.industries, weights.industry),
    singleFieldComponent('location', demand.location, candidate.serviceAreas, weights.location),
    loadComponent(candidate, weights.load, weights.fullLoadAt),
  ];
  // Summed in whole tenths: adding the decimals themselves could give 66.60000000000001.
  const scoreInTenths = components.reduce((total, component) => total + Math.round(component.points * 10), 0);
  return {
    commissionerId: candidate.commissionerId,
    name: candidate.name,
    institution: candidate.institution,
    score: scoreInTenths / 10,
    components,
  };
}

const byName = new Intl.Collator('zh-CN');

/** Where a candidate stands in the order `rankCandidates` gives: what a page of the ranking goes on after. */
export interface RankKey {
  readonly score: number;
  readonly activeEnterprises: number;
  readonly name: string;
  readonly commissionerId: string;
}

/** Negative when `a` ranks before `b`: the order of `rankCandidates`. */
export function compareRank(a: RankKey, b: RankKey): number {
  return (
    b.score - a.score ||
    a.activeEnterprises - b.activeEnterprises ||
    byName.compare(a.name, b.name) ||
    (a.commissionerId < b.commissionerId ? -1 : a.commissionerId > b.commissionerId ? 1 : 0)
  );
}

/**
 * Best first: highest score, then the less loaded commissioner, then by name (Chinese collation),
 * then by id, so that the same inputs always give the same order.
 */
export function rankCandidates(
  demand: DemandProfile,
  candidates: readonly CandidateProfile[],
  weights: RankingWeights = defaultRankingWeights,
): RankedCandidate[] {
  assertUsable(weights);
  return candidates
    .map((candidate) => ({ candidate, ranked: scoreCandidate(demand, candidate, weights) }))
    .sort((a, b) =>
      compareRank({ ...a.candidate, score: a.ranked.score }, { ...b.candidate, score: b.ranked.score }),
    )
    .map(({ ranked }) => ranked);
}
