import { industries } from '#shared/application/vocabulary.ts';

/*
 * Forms at the most the schemas take: every text field at its maximal length. Chinese is
 * 3 UTF-8 bytes a character, the most any character costs per UTF-16 unit (the unit zod's
 * lengths count), so these are the largest items a form can make; control characters are
 * the largest in JSON (`\u0001` is 6 bytes), so `fill` with one gives the largest response.
 */

/** `prefix`, then `fill` repeated up to exactly `length` characters. */
export const textOf = (length: number, prefix = '', fill = '研') =>
  prefix + fill.repeat(length - prefix.length);

/** An email address of the most characters the forms take (254). */
export const longestEmail = (local: string) =>
  `${local}.${'a'.repeat(254 - local.length - 17)}@example.edu.cn`;

/** An application form with every field at its largest; `mark` starts the statement. */
export function maximalApplicationForm(
  mark: string,
  parts: { email: string; homeInstitution: string; researchOfficeEmail: string },
  fill = '研',
) {
  return {
    name: textOf(50, '李', fill),
    email: parts.email,
    phone: '13812345678',
    homeInstitution: textOf(100, parts.homeInstitution, fill),
    researchOfficeEmail: parts.researchOfficeEmail,
    title: 'associateProfessor',
    technicalFields: Array.from({ length: 10 }, (_, index) => textOf(50, `领域${index}`, fill)),
    industries: [...industries],
    statement: textOf(2000, mark, fill),
    serviceAreas: Array.from({ length: 10 }, (_, index) => textOf(50, `区域${index}`, fill)),
  };
}

/** A demand form with every field at its largest; `mark` starts the problem. */
export function maximalDemandForm(mark: string, enterpriseName: string, fill = '研') {
  return {
    enterpriseName,
    creditCode: '91350100M000100Y43',
    problem: textOf(2000, mark, fill),
    industry: 'electronicInformation',
    technicalFields: Array.from({ length: 10 }, (_, index) => textOf(50, `领域${index}`, fill)),
    location: textOf(50, '杭州', fill),
    contactName: textOf(50, '王', fill),
    contactPhone: '13912345678',
    contactEmail: longestEmail('contact'),
  };
}
