import * as z from 'zod';

/**
 * The one rule for text the API takes (message bodies, group names and descriptions, application notes,
 * rejection reasons, search text): it is stored exactly as sent, so it must be text that survives storage
 * unchanged. Ill-formed UTF-16 (a lone surrogate, e.g. half of an emoji cut in two) and control characters
 * (U+0000–U+001F, U+007F–U+009F; NUL included) are refused with `bad_request` naming the field; only
 * multi-line fields may hold a line feed (`\n`) or a tab. Nothing is replaced or removed on the way in, so a
 * retry with the same body compares equal to what was stored.
 */
export const TEXT_RULE =
  'Text is stored exactly as sent: it must be well-formed Unicode (no lone surrogates) without control characters (U+0000–U+001F, U+007F–U+009F), except line feed and tab in multi-line fields.';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SINGLE_LINE = /^[^\u0000-\u001F\u007F-\u009F]*$/;
const MULTI_LINE = /^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F]*$/;

/** A string that follows {@link TEXT_RULE}; `multiline` admits line feeds and tabs. */
export function text(options: { multiline: boolean }): z.ZodString {
  const controls = options.multiline
    ? 'must not hold control characters (such as NUL or a carriage return) other than line feed (\\n) and tab'
    : 'must not hold control characters (such as NUL, a line break or a tab)';
  return z
    .string()
    .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed Unicode: it holds a lone surrogate (half of a character such as an emoji)')
    .regex(options.multiline ? MULTI_LINE : SINGLE_LINE, controls);
}
