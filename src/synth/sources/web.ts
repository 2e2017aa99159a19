// web_analytics: JSON-lines exports of site/app sessions (cookie id always, user id only
// when logged in) and of registered users (email, a display name, names sometimes).
import { DAY, addMonths } from '../calendar.js';
import type { Ctx } from '../context.js';
import type { Facts } from '../facts.js';
import { nicknames } from '../names.js';
import { WEB as W } from '../parameters.js';
import { Rng, hashSeed, hrand, logistic } from '../prng.js';
import { chooseMail, mailbox, recordVersions, versionTimes } from '../records.js';
import { defaultEmailStyle, renderEmail } from '../render.js';
import { lastNameAt, type Person } from '../world.js';

export const SOURCE = 'web_analytics';
export const USER_FIELDS = ['user_id', 'email', 'display_name', 'first_name', 'last_name', 'created_at', 'updated_at', 'marketing_opt_in'] as const;
export const SESSION_FIELDS = ['session_id', 'cookie_id', 'user_id', 'started_at', 'duration_sec', 'pages', 'section', 'device', 'referrer', 'received_at'] as const;

const emailStyle = defaultEmailStyle('web');
const SECTIONS = ['news', 'radio', 'podcasts', 'sports', 'opinion', 'events'] as const;
const REFERRERS = ['direct', 'direct', 'google', 'google', 'google', 'facebook', 'newsletter', 'apple_news', 'x', 'bing'];
const DEVICES = ['desktop', 'mobile', 'mobile', 'tablet', 'app'];
const B36 = 36 ** 9;

function js(s: string): string {
  return JSON.stringify(s);
}

export function simulateWeb(p: Person, ctx: Ctx, rng: Rng, facts: Facts): void {
  const asOf = ctx.asOfEnd;
  const clock = ctx.clock;
  const eNow = p.eng[ctx.lastK] as number;

  // --- registered users ------------------------------------------------------------
  const users: { id: string; created: number }[] = [];
  let regAt = facts.digitalSubStart <= asOf ? facts.digitalSubStart + rng.int(60, 3600) : Infinity;
  const reg = W.registered;
  if (regAt === Infinity && rng.chance(logistic(reg.base + reg.engagement * eNow + reg.news * p.newsZ))) regAt = ctx.simStart + Math.floor(rng.next() * (asOf - ctx.simStart));
  if (regAt <= asOf) {
    const uw = ctx.writer('web_analytics/users');
    const n = rng.chance(W.duplicateUserRate) ? 2 : 1;
    for (let i = 0; i < n; i++) {
      const created = i === 0 ? regAt : Math.min(asOf, regAt + rng.int(30, 900) * DAY);
      const seq = ctx.next('user');
      const id = `u_${ctx.scrambled('user', B36, seq).toString(36).padStart(9, '0')}`;
      const seed = hashSeed(p.seed, 601, seq);
      users.push({ id, created });
      facts.userIds.push(id);
      ctx.truth(SOURCE, id, p.id);
      const r = new Rng(seed);
      const mail = i === 0 ? chooseMail(p, r, { shared: 0.15, work: 0.1, generic: 0.1, none: 0 }) : p.workEmail ? 2 : 0;
      const versions = recordVersions(p, created, asOf, { move: 0, name: 0.3, email: 0.5, phone: 0 }, rng);
      const hasNames = r.chance(0.55);
      const optIn = r.chance(0.4);
      const nicks = nicknames.get(p.first);
      const display = hrand(seed, 1) < 0.3 && nicks ? (nicks[0] as string) : p.first;
      uw.writeVersions(versionTimes(versions), (v) => {
        const ver = versions[v] as (typeof versions)[number];
        const last = lastNameAt(p, ver.kn);
        const box = mailbox(p, mail === 0 ? 0 : mail, ver.ke) || mailbox(p, 0, ver.ke);
        const dn = hrand(seed, 2) < 0.5 ? `${display} ${last[0]}.` : hrand(seed, 3) < 0.5 ? `${display} ${last}` : display.toLowerCase() + String(Math.floor(hrand(seed, 4) * 100));
        return `{"user_id":"${id}","email":${js(renderEmail(box, seed, emailStyle))},"display_name":${js(dn)},"first_name":${hasNames ? js(p.first) : 'null'},"last_name":${hasNames ? js(last) : 'null'},"created_at":"${clock.isoTs(created)}","updated_at":"${clock.isoTs(ver.t)}","marketing_opt_in":${optIn}}\n`;
      });
    }
  }

  // --- sessions --------------------------------------------------------------------
  const v = W.visitor;
  if (!rng.chance(logistic(v.base + v.news * p.newsZ + v.radio * p.radioZ + v.engagement * eNow))) return;
  const histStart = addMonths(ctx.asOfDay + 1, -W.historyMonths) * DAY;
  const n = Math.min(W.maxSessions, Math.max(1, Math.round(W.sessionsMedianForVisitor * Math.exp(0.35 * eNow + W.sessionsSigma * rng.normal()))));
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(histStart + Math.floor(rng.next() * (asOf - histStart - 3600)));
  times.sort((a, b) => a - b);
  const sw = ctx.writer('web_analytics/sessions');
  const devices = rng.chance(0.4) ? 2 : 1;
  const cookie: string[] = [];
  const cookieEnd: number[] = [];
  const deviceType = [rng.pick(DEVICES), rng.pick(DEVICES)];
  const secW = [Math.exp(0.8 * p.newsZ), 0.6 * Math.exp(0.8 * p.radioZ), 0.5 * Math.exp(0.5 * p.radioZ - 0.4 * p.ageZ), 0.3, 0.2, 0.1];
  const secTotal = secW.reduce((a, b) => a + b, 0);
  for (const t of times) {
    const d = devices === 2 && rng.chance(0.35) ? 1 : 0;
    if (cookie[d] === undefined || t > (cookieEnd[d] as number)) {
      const cseq = ctx.next('cookie');
      cookie[d] = `ck_${ctx.scrambled('cookie', B36, cseq).toString(36).padStart(9, '0')}`;
      cookieEnd[d] = t + Math.floor(rng.exp(1 / W.cookieLifetimeDays) * DAY);
      ctx.cookieTruth(cookie[d] as string, p.id);
    }
    const user = users.length && rng.chance(W.loggedInShare) ? users.filter((u) => u.created <= t).pop() : undefined;
    let x = rng.next() * secTotal;
    let s = 0;
    while (s < SECTIONS.length - 1 && x >= (secW[s] as number)) x -= secW[s++] as number;
    const pages = 1 + Math.min(60, Math.floor(rng.exp(0.45)));
    const dur = pages * rng.int(15, 180);
    const sid = `s_${ctx.scrambled('session', B36 * 36, ctx.next('session')).toString(36).padStart(10, '0')}`;
    const received = Math.min(asOf, t + dur + rng.int(60, 900));
    sw.write(received, `{"session_id":"${sid}","cookie_id":"${cookie[d]}","user_id":${user ? `"${user.id}"` : 'null'},"started_at":"${clock.isoTs(t)}","duration_sec":${dur},"pages":${pages},"section":"${SECTIONS[s]}","device":"${deviceType[d]}","referrer":"${rng.pick(REFERRERS)}","received_at":"${clock.isoTs(received)}"}\n`);
  }
}
