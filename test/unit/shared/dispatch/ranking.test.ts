import { describe, expect, it } from 'vitest';
import {
  type CandidateProfile,
  type DemandProfile,
  defaultRankingWeights,
  type RankedCandidate,
  rankCandidates,
  type ScoreComponent,
} from '#shared/dispatch/ranking.ts';

const demand: DemandProfile = {
  industry: '装备制造',
  technicalFields: ['智能制造', '工业机器人', '机器视觉'],
  location: '杭州市余杭区',
};

/** A candidate matching nothing and at full load, so that each test turns on only what it sets. */
function candidate(overrides: Partial<CandidateProfile> = {}): CandidateProfile {
  return {
    commissionerId: 'c-1',
    name: '李娜',
    institution: '浙江工业大学',
    industries: [],
    technicalFields: [],
    serviceAreas: [],
    activeEnterprises: defaultRankingWeights.fullLoadAt,
    ...overrides,
  };
}

function rankAlone(demandProfile: DemandProfile, profile: CandidateProfile): RankedCandidate {
  const [ranked] = rankCandidates(demandProfile, [profile]);
  if (ranked === undefined) {
    throw new Error('expected one ranked candidate');
  }
  return ranked;
}

function component(ranked: RankedCandidate, criterion: ScoreComponent['criterion']): ScoreComponent {
  const found = ranked.components.find((c) => c.criterion === criterion);
  if (found === undefined) {
    throw new Error(`no ${criterion} component`);
  }
  return found;
}

describe('rankCandidates: technical fields', () => {
  it('gives the weight times the share of demand fields matched, naming them', () => {
    // Arrange
    const profile = candidate({ technicalFields: ['智能制造装备', '工业机器人', '数控机床'] });

    // Act
    const ranked = rankAlone(demand, profile);

    // Assert: 40 × 2/3 = 26.67
    expect(component(ranked, 'technicalFields')).toEqual({
      criterion: 'technicalFields',
      points: 26.7,
      maxPoints: 40,
      matched: ['智能制造', '工业机器人'],
      reason: { code: 'technicalFieldsMatch', matched: 2, wanted: 3 },
      explanation: '2 of 3 technical fields match: 智能制造, 工业机器人',
    });
    expect(ranked.score).toBe(26.7);
  });

  it('matches a demand field contained in a candidate field and the other way round', () => {
    // Arrange
    const broadDemand: DemandProfile = { ...demand, technicalFields: ['智能制造装备', '视觉'] };
    const profile = candidate({ technicalFields: ['智能制造', '机器视觉检测'] });

    // Act
    const ranked = rankAlone(broadDemand, profile);

    // Assert
    expect(component(ranked, 'technicalFields')).toMatchObject({
      points: 40,
      matched: ['智能制造装备', '视觉'],
    });
  });

  it('ignores full-width forms, letter case and surrounding spaces', () => {
    // Arrange
    const latinDemand: DemandProfile = { ...demand, technicalFields: ['ＡＩ质检'] };
    const profile = candidate({ technicalFields: ['  ai质检平台 '] });

    // Act
    const ranked = rankAlone(latinDemand, profile);

    // Assert
    expect(component(ranked, 'technicalFields').points).toBe(40);
  });

  it('gives nothing when no field overlaps', () => {
    // Arrange
    const profile = candidate({ technicalFields: ['纺织印染'] });

    // Act
    const ranked = rankAlone(demand, profile);

    // Assert
    expect(component(ranked, 'technicalFields')).toMatchObject({
      points: 0,
      matched: [],
      reason: { code: 'technicalFieldsMatch', matched: 0, wanted: 3 },
      explanation: 'none of 3 technical fields match',
    });
  });

  it('counts a demand field repeated in another spelling once', () => {
    // Arrange
    const repeatingDemand: DemandProfile = { ...demand, technicalFields: ['智能制造', ' 智能制造', '焊接'] };
    const profile = candidate({ technicalFields: ['智能制造'] });

    // Act
    const ranked = rankAlone(repeatingDemand, profile);

    // Assert: 1 of 2 distinct fields, 40 × 1/2
    expect(component(ranked, 'technicalFields')).toMatchObject({
      points: 20,
      reason: { code: 'technicalFieldsMatch', matched: 1, wanted: 2 },
      explanation: '1 of 2 technical fields match: 智能制造',
    });
  });

  it('gives nothing, without dividing by zero, when the demand names no fields', () => {
    // Arrange
    const vagueDemand: DemandProfile = { ...demand, technicalFields: [] };
    const profile = candidate({ technicalFields: ['智能制造'] });

    // Act
    const ranked = rankAlone(vagueDemand, profile);

    // Assert
    expect(component(ranked, 'technicalFields')).toMatchObject({
      points: 0,
      reason: { code: 'noTechnicalFieldsNamed' },
      explanation: 'the demand names no technical fields',
    });
  });

  it('never matches a blank field, though a blank string is contained in every other', () => {
    // Arrange
    const blankDemand: DemandProfile = { ...demand, technicalFields: ['  ', '焊接'] };
    const profile = candidate({ technicalFields: [''] });

    // Act
    const ranked = rankAlone(blankDemand, profile);

    // Assert
    expect(component(ranked, 'technicalFields')).toMatchObject({
      points: 0,
      reason: { code: 'technicalFieldsMatch', matched: 0, wanted: 1 },
      explanation: 'none of 1 technical fields match',
    });
  });
});

describe('rankCandidates: industry', () => {
  it('gives the full weight when the candidate works in the demand industry', () => {
    // Arrange
    const profile = candidate({ industries: ['新材料', '装备制造'] });

    // Act
    const ranked = rankAlone(demand, profile);

    // Assert
    expect(component(ranked, 'industry')).toEqual({
      criterion: 'industry',
      points: 25,
      maxPoints: 25,
      matched: ['装备制造'],
      reason: { code: 'industryMatches', industry: '装备制造' },
      explanation: 'industry 装备制造 matches 装备制造',
    });
    expect(ranked.score).toBe(25);
  });

  it('gives nothing for another industry', () => {
    // Arrange
    const profile = candidate({ industries: ['纺织'] });

    // Act
    const ranked = rankAlone(demand, profile);

    // Assert
    expect(component(ranked, 'industry')).toMatchObject({
      points: 0,
      matched: [],
      reason: { code: 'noIndustryMatch', industry: '装备制造' },
      explanation: 'no industry matches 装备制造',
    });
  });
});

describe('rankCandidates: location', () => {
  it('matches a district inside a service area written with its city', () => {
    // Arrange
    const districtDemand: DemandProfile = { ...demand, location: '余杭区' };
    const profile = candidate({ serviceAreas: ['杭州市余杭区'] });

    // Act
    const ranked = rankAlone(districtDemand, profile);

    // Assert
    expect(component(ranked, 'location')).toEqual({
      criterion: 'location',
      points: 15,
      maxPoints: 15,
      matched: ['杭州市余杭区'],
      reason: { code: 'serviceAreaMatches', location: '余杭区' },
      explanation: 'service area 杭州市余杭区 matches 余杭区',
    });
  });

  it('matches a service area written without its city the other way round', () => {
    // Arrange
    const profile = candidate({ serviceAreas: ['西湖区', '余杭区'] });

    // Act
    const ranked = rankAlone(demand, profile);

    // Assert
    expect(component(ranked, 'location')).toMatchObject({ points: 15, matched: ['余杭区'] });
  });

  it('gives nothing for other areas or a blank location', () => {
    // Arrange
    const nowhere: DemandProfile = { ...demand, location: ' ' };
    const profile = candidate({ serviceAreas: ['西湖区'] });

    // Act
    const elsewhere = rankAlone(demand, profile);
    const blank = rankAlone(nowhere, profile);

    // Assert
    expect(component(elsewhere, 'location')).toMatchObject({
      points: 0,
      reason: { code: 'noServiceAreaMatch', location: '杭州市余杭区' },
      explanation: 'no service area matches 杭州市余杭区',
    });
    expect(component(blank, 'location').points).toBe(0);
  });
});

describe('rankCandidates: load', () => {
  it.each([
    [0, 20, 'serves 0 enterprises; full load is 3'],
    [1, 13.3, 'serves 1 enterprise; full load is 3'],
    [2, 6.7, 'serves 2 enterprises; full load is 3'],
    [3, 0, 'serves 3 enterprises; full load is 3'],
    [5, 0, 'serves 5 enterprises; full load is 3'],
  ])('gives a commissioner serving %i enterprises %d points', (activeEnterprises, points, explanation) => {
    // Arrange
    const profile = candidate({ activeEnterprises });

    // Act
    const ranked = rankAlone(demand, profile);

    // Assert
    expect(component(ranked, 'load')).toEqual({
      criterion: 'load',
      points,
      maxPoints: 20,
      matched: [],
      reason: { code: 'load', activeEnterprises, fullLoadAt: 3 },
      explanation,
    });
  });
});

describe('rankCandidates: score', () => {
  it('adds up the rounded components, so the explanation and the score agree', () => {
    // Arrange: 40 × 1/3 = 13.33 and 20 × 2/3 = 13.33; rounding their sum instead would give 26.7.
    const profile = candidate({ technicalFields: ['机器视觉'], activeEnterprises: 1 });

    // Act
    const ranked = rankAlone(demand, profile);

    // Assert
    expect(ranked.components.map((c) => c.points)).toEqual([13.3, 0, 0, 13.3]);
    expect(ranked.score).toBe(26.6);
  });

  it('reaches 100 for a full match with no load, listing the components in a fixed order', () => {
    // Arrange
    const profile = candidate({
      industries: ['装备制造'],
      technicalFields: ['智能制造', '工业机器人', '机器视觉'],
      serviceAreas: ['余杭区'],
      activeEnterprises: 0,
    });

    // Act
    const ranked = rankAlone(demand, profile);

    // Assert
    expect(ranked.score).toBe(100);
    expect(ranked.components.map((c) => c.criterion)).toEqual([
      'technicalFields',
      'industry',
      'location',
      'load',
    ]);
    expect(ranked).toMatchObject({ commissionerId: 'c-1', name: '李娜', institution: '浙江工业大学' });
  });

  it('uses the weights it is given', () => {
    // Arrange
    const weights = { technicalFields: 10, industry: 50, location: 0, load: 40, fullLoadAt: 4 };
    const profile = candidate({
      industries: ['装备制造'],
      technicalFields: ['智能制造'],
      serviceAreas: ['余杭区'],
      activeEnterprises: 1,
    });

    // Act
    const [ranked] = rankCandidates(demand, [profile], weights);

    // Assert: 10 × 1/3 = 3.33, 50, 0, 40 × 3/4 = 30
    expect(ranked?.components.map((c) => [c.points, c.maxPoints])).toEqual([
      [3.3, 10],
      [50, 50],
      [0, 0],
      [30, 40],
    ]);
    expect(ranked?.score).toBe(83.3);
  });

  it.each([
    ['a negative weight', { ...defaultRankingWeights, industry: -1 }, 'ranking weight industry'],
    ['a full load of zero', { ...defaultRankingWeights, fullLoadAt: 0 }, 'ranking weight fullLoadAt'],
    ['a weight that is not a number', { ...defaultRankingWeights, load: Number.NaN }, 'ranking weight load'],
  ])('refuses %s', (_case, weights, message) => {
    // Act
    const ranking = () => rankCandidates(demand, [candidate()], weights);

    // Assert
    expect(ranking).toThrow(RangeError);
    expect(ranking).toThrow(message);
  });
});

describe('rankCandidates: order', () => {
  it('puts the highest score first', () => {
    // Arrange
    const candidates = [
      candidate({ commissionerId: 'c-low', industries: ['装备制造'] }),
      candidate({ commissionerId: 'c-high', technicalFields: ['智能制造', '工业机器人', '机器视觉'] }),
      candidate({ commissionerId: 'c-none' }),
    ];

    // Act
    const ranked = rankCandidates(demand, candidates);

    // Assert
    expect(ranked.map((r) => [r.commissionerId, r.score])).toEqual([
      ['c-high', 40],
      ['c-low', 25],
      ['c-none', 0],
    ]);
  });

  it('puts the less loaded of two equal scores first', () => {
    // Arrange: both at or beyond full load, so both earn no load points.
    const candidates = [
      candidate({ commissionerId: 'c-busier', name: '李娜', activeEnterprises: 5 }),
      candidate({ commissionerId: 'c-busy', name: '王芳', activeEnterprises: 3 }),
    ];

    // Act
    const ranked = rankCandidates(demand, candidates);

    // Assert
    expect(ranked.map((r) => r.commissionerId)).toEqual(['c-busy', 'c-busier']);
  });

  it('orders equal scores and loads by name in Chinese collation, not by code point', () => {
    // Arrange: by pinyin 李 (li) < 王 (wang) < 张 (zhang); by code point 张 < 李 < 王.
    const candidates = [
      candidate({ commissionerId: 'c-1', name: '张伟' }),
      candidate({ commissionerId: 'c-2', name: '王芳' }),
      candidate({ commissionerId: 'c-3', name: '李娜' }),
    ];

    // Act
    const ranked = rankCandidates(demand, candidates);

    // Assert
    expect(ranked.map((r) => r.name)).toEqual(['李娜', '王芳', '张伟']);
  });

  it('orders namesakes by id, whatever order they come in', () => {
    // Arrange
    const namesakes = [
      candidate({ commissionerId: 'c-9' }),
      candidate({ commissionerId: 'c-10' }),
      candidate({ commissionerId: 'c-2' }),
    ];

    // Act
    const forwards = rankCandidates(demand, namesakes);
    const backwards = rankCandidates(demand, [...namesakes].reverse());

    // Assert
    expect(forwards.map((r) => r.commissionerId)).toEqual(['c-10', 'c-2', 'c-9']);
    expect(backwards).toEqual(forwards);
  });

  it('ranks nobody when the pool is empty', () => {
    // Act
    const ranked = rankCandidates(demand, []);

    // Assert
    expect(ranked).toEqual([]);
  });
});
