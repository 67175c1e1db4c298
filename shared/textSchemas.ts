import * as z from 'zod';
import { coded, codedPattern, messageUnlessMissing } from '#shared/validation.ts';

/*
 * Text people type, in two kinds. A single line (a name, a place, a title) holds no control
 * character at all: a line break or carriage return there would split a CSV row or an email
 * header, and the others are invisible. Long text (a statement, a narrative, a reason) may
 * break lines and indent with tabs, and holds no other control character. The patterns are
 * plain character ranges, so the OpenAPI document states them to any client.
 */

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: it exists to refuse them
const singleLinePattern = codedPattern(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, 'notOneLine');
/** The same, but line feed, carriage return and tab allowed (and the Unicode separators). */
const longTextPattern = codedPattern(
  // biome-ignore lint/suspicious/noControlCharactersInRegex: it exists to refuse them
  /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/,
  'controlCharacters',
);

/**
 * Half of a surrogate pair on its own: no character at all. Stored through UTF-8 it would
 * become U+FFFD, so what was checked would not be what is kept.
 */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const bounded = (min: number, max: number) =>
  z
    .string(messageUnlessMissing('must be text'))
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((text) => !loneSurrogate.test(text), coded('malformedText', 'must be well-formed Unicode text'));

/** One line of text, trimmed, from `min` to `max` characters, with no control character. */
export function singleLineText(min: number, max: number) {
  return bounded(min, max).regex(singleLinePattern, 'must be one line, without control characters');
}

/** Text of several lines, trimmed, from `min` to `max` characters; line breaks and tabs allowed. */
export function longText(min: number, max: number) {
  return bounded(min, max).regex(
    longTextPattern,
    'must not hold control characters other than line breaks and tabs',
  );
}
