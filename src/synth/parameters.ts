// Every number the synthetic world is generated from, in one place, each with where it
// comes from. Behaviour is driven by latent traits through logistic models
// (logit = base + Σ coef·trait, traits standardised to mean 0, sd 1), so the outcomes
// later models predict have real, but imperfect, signal in the exported data.
//
// The calibration targets are checked by test/synth/calibration.test.ts on generated data.
// When a base rate below changes, re-run that test: the emergent rates (retention, open
// rate, sustainer share) come from the interaction of several of these numbers.
//
// Sources cited:
//  [FEP]   Fundraising Effectiveness Project, Quarterly Fundraising Reports 2022-2024
//          (AFP / GivingTuesday Data Commons): overall donor retention ~42-45%, new (first
//          year) donor retention ~19-22%, repeat donor retention ~60-70%.
//  [GP]    Greater Public (public media fundraising association) sustainer benchmarks and
//          station reports: sustainers 35-50% of active members, typical monthly gifts
//          $5-$30 with $10-$15 most common, sustainer annual retention 80-90%, spring/fall
//          on-air pledge drives plus calendar year-end as the giving peaks.
//  [BB]    Blackbaud Institute donorCentrics / public media giving reports: one-time gift
//          median around $60-$100, long right tail, $1,000+ "leadership" and major gifts.
//  [MC]    Mailchimp email marketing benchmarks (media & publishing, non-profits), M+R
//          Benchmarks 2024: open rates ~20-40% (inflated by Apple Mail Privacy Protection),
//          click rates ~2-5%, hard bounce ~0.4%, unsubscribe ~0.2% per send.
//  [REC]   Recurly / Stripe subscription research: 3-10% of recurring card charges are
//          declined; card-updater + retries recover about half of them.
//  [INMA]  INMA / Piano / Press Gazette news subscription benchmarks: digital subscription
//          churn ~2-4% per month, print retention higher, annual-plan renewal ~70-80%.
//  [ACS]   US Census ACS / CPS ASEC: ~8.5% of people move in a year; Chicago households
//          ~37% single-person; 2.4-2.5 people per household.
//  [NCHS]  CDC NCHS marriage rate ~6 per 1,000 population; Pew (2023): 79% of women in
//          opposite-sex marriages took the spouse's surname, 5% hyphenated.
//  [CDC]   CDC natality: ~3% of births are twins (1.5% of deliveries).
//  [PEW]   Pew Research mobile fact sheet 2024 and CDC NHIS wireless substitution: ~97% of
//          adults have a cellphone, ~25-30% of households keep a landline (older ones).
//  [NPR]   NPR / Pew State of the News Media audience profiles: public radio and newspaper
//          audiences skew older, more educated and higher income.
//  [FEBRL] Christen, P. (2012) Data Matching, ch. 12, and the febrl data generator: per-field
//          corruption rates of 1-5% (typos, phonetic variants, missing values) in keyed data.
//  [ASSUME] A modelling choice with no published figure; chosen to be plausible and
//          documented in docs/synth.md.

export const GENERATOR_VERSION = '1.0.0';

export const WORLD = {
  /** Adults per household (1..4). Chicago: ~37% single-person households [ACS]; we count adults only. */
  householdSizeWeights: [40, 42, 12, 6],
  /** Two-adult households: share that are couples (rest: parent + adult child, roommates, siblings) [ACS]. */
  coupleShare: 0.72,
  /** Couples that share a surname (rest kept their own names) [NCHS/Pew]. */
  coupleSharedSurname: 0.72,
  /** Households of 3-4 adults that include an adult child living with the parents [ACS]. */
  adultChildShare: 0.7,
  /** Multi-adult households holding adult twins (same birth date, surname, address) [CDC]: ~3% of adults are twins, a fraction of them live together. */
  twinsShare: 0.012,
  /** Father + adult son households where the son is a "Jr" (same first and last name) [ASSUME: ~3% of US men are juniors]. */
  juniorShare: 0.2,
  /** Adult age distribution by band [NPR: public media audiences skew 45+]. */
  ageBands: [
    [18, 24, 7],
    [25, 34, 15],
    [35, 44, 17],
    [45, 54, 17],
    [55, 64, 19],
    [65, 74, 16],
    [75, 92, 9],
  ] as const,
  /** Household moves per year [ACS: ~8.5% of people move each year]. */
  moveRate: 0.085,
  /** Marriages per year for single adults aged 22-45 [NCHS], and what happens to the surname [Pew]. */
  marriageRate: 0.045,
  takeSpouseName: 0.79,
  hyphenateName: 0.05,
  /** New personal email address per person per year (provider switch, old account abandoned) [ASSUME]. */
  newEmailRate: 0.05,
  /** New mobile number per person per year [ASSUME; number porting keeps most numbers]. */
  newPhoneRate: 0.03,
  /** Adults with a mobile phone [PEW]. */
  mobileShare: 0.95,
  /** Households with a landline, by age of the oldest adult (<45, 45-64, 65+) [PEW/NHIS]. */
  landlineShare: [0.08, 0.25, 0.55],
  /** Working-age adults with a work email they sometimes use [ASSUME]. */
  workEmailShare: 0.3,
  /** Adults who run a small business and use its generic mailbox (info@, office@) [ASSUME]. */
  businessOwnerShare: 0.012,
  /** Multi-adult households that also share one household mailbox [ASSUME]. */
  sharedEmailShare: 0.1,
  /** Share of apartments (address has a unit) [ACS: Chicago ~60% of housing units in 2+ unit buildings]. */
  apartmentShare: 0.45,
  /** ZIP+4 written by the CRM [ASSUME: NCOA/CASS-processed CRMs often store ZIP+4]. */
  zip4Share: 0.25,
  /** Year-to-year autocorrelation of a person's engagement: what makes recent behaviour predictive [ASSUME]. */
  engagementRho: 0.72,
} as const;

/** Latent traits (all standardised): how age and wealth shape affinities [NPR]. */
export const TRAITS = {
  radioAgeCoef: 0.35,
  radioWealthCoef: 0.25,
  newsAgeCoef: 0.45,
  newsWealthCoef: 0.2,
  /** Household members share part of their wealth. */
  householdWealthShare: 0.7,
} as const;

/** wbez_donations: station membership CRM. */
export const DONATIONS = {
  /** Years simulated before the export window so the donor file starts in steady state (not exported as gifts). */
  burnInYears: 3,
  /** Yearly probability a never-donor makes a first gift: logistic(base + coefs). Sets the donor base (~8% of people give in a year). */
  acquisition: { base: -3.3, radio: 0.75, engagement: 0.45, wealth: 0.35, age: 0.25 },
  /** New donors who start as sustainers (monthly) rather than one-time [GP: most new members at drives still give once]. */
  newAsSustainer: { base: -2.2, engagement: 0.3, age: -0.25 },
  /** One-time donors: probability of giving again next year. First-year donors retain at ~20-27%, repeat at ~60-70% overall [FEP]. */
  retainFirstYear: { base: -2.3, radio: 0.35, engagement: 0.6, wealth: 0.3 },
  retainRepeat: { base: -1.75, radio: 0.35, engagement: 0.7, wealth: 0.3, tenure: 0.12 },
  /** Lapsed donors coming back (per year; falls with years lapsed) [FEP: "recaptured" donors]. */
  reactivate: { base: -2.6, engagement: 0.5, perYearLapsed: -0.35 },
  /** One-time donors converting to monthly at a gift [GP: drives and year-end ask for sustaining]. */
  convertToSustainer: { base: -2.7, engagement: 0.35, radio: 0.2 },
  /** Extra one-time gifts in a year beyond the first (Poisson mean, scaled by engagement). */
  extraGiftsMean: 0.3,
  /** Sustainers who also make a one-time gift in a year (year-end, drives). */
  sustainerExtraGift: 0.08,
  /** Sustainer cancellation hazard per month: base 1.1% (~12%/yr), doubled in the first 6 months [GP: sustainer retention 80-90%]. */
  sustainerCancelMonthly: 0.015,
  sustainerCancelEarlyMultiplier: 2.0,
  sustainerCancelEngagement: -0.45,
  /** Monthly charge declined [REC], chance the card is fixed before the next charge, consecutive declines that end a plan (blueprint 7.2). */
  chargeDeclineRate: 0.035,
  declineWealth: -0.35,
  declineRecovery: 0.7,
  declinesToLapse: 3,
  /** Monthly amount upgrade per year (next level) [GP: upgrade asks run once or twice a year]. */
  upgradeYearly: { base: -2.5, engagement: 0.5, wealth: 0.4 },
  /** Monthly levels; the index is driven by wealth [GP: $5-$30, $10-15 most common]. */
  sustainerLevels: [5, 8, 10, 12, 15, 20, 25, 30, 35, 40, 50],
  sustainerLevelBase: 2.3,
  sustainerLevelWealth: 1.1,
  sustainerLevelNoise: 1.0,
  sustainerMaxStartLevel: 7,
  /** One-time gift = median·exp(wealthSlope·wealth + sigma·N(0,1)), snapped to ask levels [BB]. */
  giftMedian: 60,
  giftWealthSlope: 0.45,
  giftSigma: 0.6,
  giftSnapShare: 0.82,
  askLevels: [10, 15, 20, 25, 30, 35, 40, 50, 60, 75, 100, 120, 125, 150, 180, 200, 240, 250, 300, 365, 500, 600, 750, 1000, 1200, 1500, 2500, 5000],
  /** Major gifts ($1,000+) by the wealthiest engaged donors [BB]. */
  majorGiftWealthZ: 1.5,
  majorGiftYearly: 0.1,
  majorGiftAmounts: [1000, 1000, 1200, 1500, 2000, 2500, 2500, 5000, 5000, 10000, 25000],
  /** When one-time gifts fall within a year [GP: two on-air drives, GivingTuesday, calendar year-end]. */
  occasionWeights: { springDrive: 0.27, fallDrive: 0.27, givingTuesday: 0.05, yearEnd: 0.2, summerMail: 0.07, other: 0.14 },
  /** Drive windows (month, first day, length in days). */
  springDrive: { month: 3, day: 10, days: 10 },
  fallDrive: { month: 10, day: 7, days: 10 },
  summerMail: { month: 6, day: 5, days: 20 },
  /** Refunds (a later modification of a posted gift) [ASSUME]. */
  refundRate: 0.006,
  /** A second donor record for the same person (gave online with another email, data entry) [ASSUME; CRMs commonly carry 5-10% duplicates]. */
  duplicateDonorRate: 0.04,
  /** Fields the CRM holds: birth date captured for some donors, missing email (mail and phone donors) and phone. */
  birthDateShare: 0.22,
  missingEmail: 0.14,
  missingPhone: 0.3,
  /** Chance the CRM record is updated after a life event (NCOA for moves, donor-reported name change...) [ASSUME]. */
  updateOnMove: 0.6,
  updateOnName: 0.45,
  updateOnEmail: 0.4,
  updateOnPhone: 0.3,
} as const;

/** suntimes_subscriptions: the paper's circulation system. */
export const SUBSCRIPTIONS = {
  /** Yearly probability a non-subscriber starts a subscription. */
  acquisition: { base: -3.9, news: 0.8, engagement: 0.3, wealth: 0.3, age: 0.2 },
  /** Plans: code, name, monthly rate, annual rate, weight for old (55+) and young readers. */
  plans: [
    { code: 'PRT7', name: 'Print 7-Day', monthly: 39.99, annual: 399.0, old: 30, young: 4 },
    { code: 'PRTSUN', name: 'Print Sunday Only', monthly: 14.99, annual: 149.0, old: 18, young: 4 },
    { code: 'DIG', name: 'Digital All Access', monthly: 11.99, annual: 99.0, old: 27, young: 72 },
    { code: 'BNDL', name: 'Print + Digital Bundle', monthly: 44.99, annual: 449.0, old: 25, young: 20 },
  ],
  /** Share billed monthly (rest annual) [INMA]. */
  monthlyShare: 0.62,
  /** Voluntary cancellation per month by plan family [INMA: digital 2-4%/month]. */
  cancelMonthlyDigital: 0.028,
  cancelMonthlyPrint: 0.013,
  cancelNewsCoef: -0.35,
  /** Annual plans: renewal at the anniversary [INMA: ~70-80%]. */
  annualRenewal: 0.76,
  /** Card declines [REC] and what follows. */
  paymentDeclineRate: 0.04,
  declineRecovery: 0.6,
  declinesToCancel: 3,
  /** Former subscribers starting again (per year). */
  winback: 0.1,
  /** Second subscriber account for the same person [ASSUME]. */
  duplicateSubscriberRate: 0.025,
  missingEmail: 0.22,
  missingPhone: 0.15,
  updateOnMove: 0.75,
  updateOnName: 0.3,
  updateOnEmail: 0.25,
} as const;

/** event_tickets: ticketing platform orders. */
export const TICKETS = {
  /** Events the station and paper run per month. */
  eventsPerMonth: 5,
  /** Yearly ticket-buying probability and the mean number of orders for a buyer. */
  buyer: { base: -3.1, engagement: 0.6, radio: 0.35, news: 0.25, wealth: 0.2 },
  ordersPerBuyingYear: 1.3,
  quantityWeights: [38, 45, 9, 8],
  refundRate: 0.025,
  /** How the buyer's name is typed [ASSUME]: full, nick + last initial, first only, nick only, initial + last, lower-case full, blank. */
  nameForms: { full: 34, nickInitial: 18, firstOnly: 14, nickOnly: 10, initialLast: 8, lowerFull: 12, blank: 4 },
} as const;

/** email_marketing: the ESP shared by station and paper. */
export const EMAIL = {
  /** Probability a person is (or was) a contact: logistic(base + coefs + 1.2 if donor/subscriber/buyer). */
  contact: { base: -1.45, engagement: 0.55, radio: 0.25, news: 0.25, known: 1.2 },
  /** Lists and the affinity that drives joining each. */
  lists: ['WBEZ Newsletter', 'Sun-Times Headlines', 'Events & Offers', 'Member News'],
  /** A contact who changes email is re-added as a new contact (within-source duplicate) [ASSUME]. */
  readdOnNewEmail: 0.45,
  /** Months of send history exported (volume bound) and the send schedule: list index, every n months, send day of month. */
  historyMonths: 12,
  campaigns: [
    { list: 0, everyMonths: 1, day: 4, name: 'WBEZ Newsletter' },
    { list: 1, everyMonths: 1, day: 11, name: 'Sun-Times Monthly Digest' },
    { list: 2, everyMonths: 3, day: 18, name: 'Events & Offers' },
    { list: 3, everyMonths: 3, day: 25, name: 'Member News' },
  ],
  /** List membership: logistic(base + coef·affinity); Member News goes to donors. */
  listJoin: [
    { base: -0.7, radio: 0.9, news: 0, engagement: 0.2 },
    { base: -0.8, radio: 0, news: 0.9, engagement: 0.2 },
    { base: -1.3, radio: 0.2, news: 0.2, engagement: 0.5 },
    { base: -3.0, radio: 0.2, news: 0, engagement: 0.3 },
  ],
  memberNewsForDonors: 0.75,
  /** Unsubscribes per year before the exported send history (list fatigue) [ASSUME]. */
  unsubscribeYearly: 0.06,
  /** An abandoned personal address that is still on the list bounces; share of old addresses abandoned [ASSUME]. */
  abandonedShare: 0.5,
  /** Per send: open = logistic(base + coefs), click given open, hard bounce of a live address, unsubscribe [MC]. */
  open: { base: -1.6, engagement: 0.95, affinity: 0.35 },
  clickGivenOpen: { base: -2.4, engagement: 0.5 },
  bounceLive: 0.004,
  bounceAbandoned: 0.55,
  unsubscribe: 0.0025,
  /** Contacts with a blank name (signed up with an email only) [ASSUME]. */
  blankName: 0.3,
} as const;

/** web_analytics: site/app sessions and logged-in users. */
export const WEB = {
  /** Months of session history exported (volume bound). */
  historyMonths: 6,
  /** Sessions per person in 6 months: lognormal around exp(base + coefs), many people 0. */
  visitor: { base: -0.55, news: 0.6, radio: 0.35, engagement: 0.55 },
  sessionsMedianForVisitor: 3.0,
  sessionsSigma: 1.1,
  maxSessions: 240,
  /** Registered users: all digital subscribers plus others (comments, newsletters, podcasts app) [ASSUME]. */
  registered: { base: -2.6, engagement: 0.5, news: 0.35 },
  /** Share of a registered user's sessions that are logged in. */
  loggedInShare: 0.55,
  /** A cookie lives this many days on average before it is cleared or the device changes. */
  cookieLifetimeDays: 75,
  duplicateUserRate: 0.02,
} as const;

/** How sources garble what they store [FEBRL unless noted]. Rates are per record. */
export const NOISE = {
  nameTypo: 0.02,
  streetTypo: 0.02,
  /** Records written with a nickname instead of the given name (CRM, ESP; tickets use TICKETS.nameForms). */
  nickname: 0.07,
  /** First name written as an initial ("J."). */
  firstInitial: 0.015,
  /** Middle name: full, initial, initial with period, missing. */
  middleForms: [20, 30, 15, 35],
  /** Accents dropped by systems that store ASCII (José -> Jose, Nguyễn -> Nguyen). */
  asciiFold: 0.35,
  /** Apostrophes and hyphens dropped or spaced (O'Brien -> OBrien / O Brien). */
  punctuationDrop: 0.25,
  /** Suffix written for a Jr/Sr: "Jr", "Jr.", "JR", or left off. */
  suffixForms: [35, 35, 5, 25],
  /** Emails: mixed case, stray whitespace, Gmail dot variants and plus tags, typo'd domain. */
  emailCase: 0.1,
  emailWhitespace: 0.03,
  gmailDots: 0.08,
  plusTag: 0.03,
  emailTypo: 0.004,
  /** Phone extensions on work/landline numbers. */
  phoneExtension: 0.03,
  /** Address written with the unit in line 1 rather than line 2. */
  unitInLine1: 0.35,
} as const;

/** Phone formats: (312) 555-0142 | 312-555-0142 | 312.555.0142 | +1 312 555 0142 | 3125550142 | 1-312-555-0142 | 312 555 0142 */
export const PHONE_FORMAT_WEIGHTS = {
  crm: [50, 20, 8, 6, 6, 4, 6],
  circulation: [4, 8, 2, 2, 80, 2, 2],
} as const;
