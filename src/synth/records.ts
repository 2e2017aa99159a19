// What a source record knows about its person over time. A record is created with the
// person's state at that moment; later life events reach it only sometimes (an NCOA run,
// the person updating their profile), each producing a new version with a later
// modification time. Field groups are tracked separately so a record can hold a new
// address next to an old surname.
import { DAY } from './calendar.js';
import { Rng } from './prng.js';
import { emailAt, type Person } from './world.js';

export interface Version {
  /** modification time */
  t: number;
  /** time as of which each field group is known */
  ka: number;
  kn: number;
  ke: number;
  kp: number;
}

export interface UpdateRates {
  move: number;
  name: number;
  email: number;
  phone: number;
}

export function recordVersions(p: Person, created: number, until: number, rates: UpdateRates, rng: Rng): Version[] {
  const versions: Version[] = [{ t: created, ka: created, kn: created, ke: created, kp: created }];
  for (const ev of p.events) {
    if (ev.t <= created) continue;
    if (ev.t > until) break;
    if (!rng.chance(rates[ev.kind])) continue;
    const prev = versions[versions.length - 1] as Version;
    let t = ev.t + rng.int(1, 45) * DAY + rng.int(0, 36000);
    if (t <= prev.t) t = prev.t + 60;
    if (t > until) continue;
    const v: Version = { ...prev, t };
    if (ev.kind === 'move') v.ka = t;
    else if (ev.kind === 'name') v.kn = t;
    else if (ev.kind === 'email') v.ke = t;
    else v.kp = t;
    versions.push(v);
  }
  return versions;
}

export function versionTimes(vs: readonly Version[]): number[] {
  return vs.map((v) => v.t);
}

/** Which mailbox a record holds: 0 personal (follows the person), 1 household shared, 2 work, 3 generic business, 4 none. */
export type MailChoice = 0 | 1 | 2 | 3 | 4;

export interface MailMix {
  shared: number;
  work: number;
  generic: number;
  none: number;
}

export function chooseMail(p: Person, rng: Rng, mix: MailMix): MailChoice {
  if (rng.chance(mix.none)) return 4;
  if (p.genericEmail && rng.chance(mix.generic)) return 3;
  if (p.hh.sharedEmail && rng.chance(mix.shared)) return 1;
  if (p.workEmail && rng.chance(mix.work)) return 2;
  return 0;
}

export function mailbox(p: Person, choice: MailChoice, t: number): string {
  switch (choice) {
    case 0:
      return emailAt(p, t);
    case 1:
      return p.hh.sharedEmail;
    case 2:
      return p.workEmail;
    case 3:
      return p.genericEmail;
    default:
      return '';
  }
}
