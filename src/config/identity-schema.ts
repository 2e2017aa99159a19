// config/identity.yaml: how person records are matched. Every rule, feature, weight and
// threshold lives here, so a source with other fields (a birth date, an ID number) is matched by
// configuration alone.
import { z } from 'zod';

const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case: letters, digits and underscores, starting with a letter');
const probability = z.number().min(0).max(1);

/**
 * Fields of a normalized record (identity.records) that blocking keys and comparisons can use.
 * Extra identifiers declared under a source's `person.extra_identifiers` are usable by name too.
 */
export const normalizedFields = [
  'email', // lower-cased, provider rules applied (Gmail dots and plus tags), NULL when not an address
  'email_local',
  'email_local_key', // the local part's letters only: larry_kelley77 -> larrykelley
  'email_domain',
  'phone', // E.164 (+1 and ten digits) for valid NANP numbers, extension dropped
  'phone_last7',
  'first_name', // lower-case, accents and punctuation removed
  'first_name_canonical', // nickname table applied: bob -> robert
  'first_initial',
  'middle_name',
  'last_name',
  'last_name_soundex',
  'name_suffix', // jr, sr, ii, iii, iv
  'house_number',
  'street', // USPS abbreviations: "south loomis avenue" -> "s loomis ave"
  'unit',
  'address', // house number + street
  'city',
  'state',
  'zip5',
  'birth_date', // YYYY-MM-DD
  'birth_year',
] as const;
export type NormalizedField = (typeof normalizedFields)[number];

const fieldName = z.string().min(1).describe(`A normalized field (${normalizedFields.join(', ')}) or an extra identifier's name`);

export const comparisonKinds = [
  'exact', // 1 when equal, else 0
  'jaro_winkler', // Jaro-Winkler similarity of the field, 0..1
  'person_name', // first (nicknames and initials understood) and last name, averaged
  'address', // same house number, then Jaro-Winkler of the street; 0 when house numbers differ
  'phone_partial', // 1 all ten digits, 0.8 last seven, 0.5 last four, else 0
] as const;

export const featureSchema = z
  .object({
    name: identifier,
    comparison: z.enum(comparisonKinds),
    field: fieldName.optional().describe('The field compared (exact and jaro_winkler only)'),
    weight: z.number().min(0).describe('Contribution of a similarity of 1; a missing value contributes 0'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const needsField = f.comparison === 'exact' || f.comparison === 'jaro_winkler';
    if (needsField && !f.field) ctx.addIssue({ code: 'custom', path: ['field'], message: `a ${f.comparison} comparison needs \`field:\`` });
    if (!needsField && f.field) ctx.addIssue({ code: 'custom', path: ['field'], message: `a ${f.comparison} comparison uses fixed fields; remove \`field:\`` });
  });
export type Feature = z.infer<typeof featureSchema>;

export const fsComparisonSchema = z
  .object({
    name: identifier,
    comparison: z.enum(comparisonKinds),
    field: fieldName.optional().describe('The field compared (exact and jaro_winkler only)'),
    levels: z
      .array(z.number().gt(0).max(1))
      .min(1)
      .describe('Similarity cut-offs, highest first: [1, 0.9] gives levels exact, >= 0.9 and below'),
    term_frequency: z.boolean().default(false).describe('Exact agreement on a rare value weighs more than on a common one (field comparisons only)'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const needsField = c.comparison === 'exact' || c.comparison === 'jaro_winkler';
    if (needsField && !c.field) ctx.addIssue({ code: 'custom', path: ['field'], message: `a ${c.comparison} comparison needs \`field:\`` });
    if (!needsField && c.field) ctx.addIssue({ code: 'custom', path: ['field'], message: `a ${c.comparison} comparison uses fixed fields; remove \`field:\`` });
    if (c.levels.some((l, i) => i > 0 && l >= c.levels[i - 1]!)) ctx.addIssue({ code: 'custom', path: ['levels'], message: 'cut-offs must decrease' });
  });
export type FsComparison = z.infer<typeof fsComparisonSchema>;

export const blockingRuleSchema = z
  .object({
    name: identifier,
    keys: z.array(fieldName).min(1).describe('Records whose keys are all present and equal are compared'),
  })
  .strict();

export const deterministicRuleSchema = z
  .object({
    name: identifier,
    field: fieldName.describe('Records with the same non-empty value match'),
    confidence: probability,
    skip_generic_email: z.boolean().default(false).describe('Do not fire on role mailboxes such as info@ or office@'),
    shared_email_needs_first_names: z
      .boolean()
      .default(false)
      .describe('On a mailbox seen with two first names that cannot be one person (a household address), fire only when both records name the person'),
  })
  .strict();

export const guardChecks = [
  'first_name_conflict', // both first names known, neither an initial of the other, not nicknames of one name, Jaro-Winkler < 0.85
  'suffix_conflict', // both generation suffixes known and different (Jr vs Sr)
  'suffix_mismatch', // one record has a generation suffix, the other none (a Jr and his father)
  'initial_only', // one first name is only the other's initial
  'birth_date_conflict', // both birth dates known and different
] as const;

export const guardSchema = z
  .object({
    name: identifier,
    check: z.enum(guardChecks),
    action: z.enum(['veto', 'review']).default('veto').describe('veto: never a match; review: a match waits in the review queue'),
    applies_to: z.enum(['deterministic', 'probabilistic', 'all']).default('all').describe('Which matches the guard watches'),
  })
  .strict();

const thresholdsSchema = z
  .object({
    auto: probability.describe('At or above: matched without review'),
    review: probability.describe('At or above (and below auto): sent to the review queue'),
  })
  .strict()
  .refine((t) => t.review <= t.auto, { message: 'review must not be above auto' });

export const survivorshipRules = ['most_recently_engaged', 'longest', 'most_recently_updated', 'mobile_then_most_recent'] as const;

export const identityFileSchema = z
  .object({
    $schema: z.string().optional(),
    rule_version: z.string().min(1).describe('Recorded on every link; change it when the rules change'),
    blocking: z
      .object({
        max_block_size: z.number().int().min(2).default(200).describe('Larger blocks are skipped and reported'),
        rules: z.array(blockingRuleSchema).min(1),
      })
      .strict(),
    deterministic: z.array(deterministicRuleSchema).default([]),
    guards: z.array(guardSchema).default([]),
    model: z.enum(['weighted', 'fellegi_sunter']).default('weighted').describe('weighted: the blueprint score; fellegi_sunter: match weights estimated by EM'),
    weighted: z
      .object({
        features: z.array(featureSchema).min(1),
        thresholds: thresholdsSchema,
        missing: z
          .object({
            strategy: z
              .enum(['zero', 'renormalize'])
              .default('renormalize')
              .describe('zero: a feature missing on either side adds 0 (blueprint formula). renormalize: the score is the weighted mean over the features both records have'),
            min_evidence_weight: z
              .number()
              .min(0)
              .default(0.6)
              .describe('renormalize only when the features both records have weigh at least this much; below it, missing features add 0'),
          })
          .strict()
          .default({ strategy: 'renormalize', min_evidence_weight: 0.6 }),
      })
      .strict()
      .optional(),
    fellegi_sunter: z
      .object({
        comparisons: z.array(fsComparisonSchema).min(1),
        thresholds: thresholdsSchema.describe('Match probabilities'),
        em: z
          .object({ max_iterations: z.number().int().min(1).default(100), tolerance: z.number().gt(0).default(1e-5) })
          .strict()
          .default({ max_iterations: 100, tolerance: 1e-5 }),
      })
      .strict()
      .optional(),
    profiles: z
      .record(identifier, z.object({ auto: probability.describe('Cut of the same scored edges for this use case') }).strict())
      .default({}),
    survivorship: z
      .object({
        email: z.enum(survivorshipRules).default('most_recently_engaged'),
        name: z.enum(survivorshipRules).default('longest'),
        address: z.enum(survivorshipRules).default('most_recently_updated'),
        phone: z.enum(survivorshipRules).default('mobile_then_most_recent'),
      })
      .strict()
      .default({ email: 'most_recently_engaged', name: 'longest', address: 'most_recently_updated', phone: 'mobile_then_most_recent' }),
    engagement: z
      .object({
        not_engagement: z
          .array(z.string().min(1))
          .default(['email_send'])
          .describe(
            'Event types done to a constituent, not by them (an email sent to them): they set neither the first and last engagement dates nor the most recently engaged record',
          ),
      })
      .strict()
      .default({ not_engagement: ['email_send'] }),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.model === 'weighted' && !f.weighted) ctx.addIssue({ code: 'custom', path: ['weighted'], message: 'model: weighted needs a `weighted:` section' });
    if (f.model === 'fellegi_sunter' && !f.fellegi_sunter) ctx.addIssue({ code: 'custom', path: ['fellegi_sunter'], message: 'model: fellegi_sunter needs a `fellegi_sunter:` section' });
  });
export type IdentityFile = z.infer<typeof identityFileSchema>;
