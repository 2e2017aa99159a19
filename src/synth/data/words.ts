// Free-mail domains (real providers; the mailbox names are generated), fictitious
// employer and small-business names, and the station's and paper's event catalogue.

/** domain:weight. Weights follow the rough US consumer mailbox share, with the regional ISPs an older Chicago audience still uses. */
export const FREE_MAIL =
  'gmail.com:40;yahoo.com:13;hotmail.com:7;outlook.com:6;aol.com:5;icloud.com:7;comcast.net:8;sbcglobal.net:5;att.net:4;me.com:2;msn.com:2;live.com:1';

/** Fictitious employers: work addresses live under example domains. */
export const EMPLOYERS =
  'lakeshorehealth|midwaylogistics|northbranchcapital|prairielaw|loopinsurance|riverwestbank|windycityschools|greatlakesenergy|' +
  'wrigleytech|southsidemedical|calumetsteel|fultonmarketmedia|lasalleadvisors|westloopdesign|hydeparkuniversity|ohareairfreight|' +
  'pilsenarts|uptownclinic|evanstonlabs|naperdata|cookcountylibraries|harborconsulting|brickyardpartners|canalstreetfoods';

/** Small businesses whose owners give, subscribe or buy tickets with a generic mailbox. */
export const SMALL_BUSINESSES =
  'bluedoorbakery|kedzieautorepair|lincolnsquareflowers|pilsendental|rosehilllaw|andersonville-books|bucktownyoga|logansquarecoffee|' +
  'hydeparkhardware|ravenswoodframing|bridgeportbrewing|uptownmusic|chinatowntea|southloopcpa|edgewatertailor|beverlyvet|' +
  'portagecleaners|avondaleprint|lakeviewpilates|irvingparkplumbing|westtownsigns|wickerparkvintage|oldtowndeli|mckinleyroofing';
export const GENERIC_MAILBOXES = ['info', 'office', 'contact', 'admin', 'hello', 'frontdesk'] as const;

/** Event catalogue: name|price|capacity weight. Prices in dollars (0 = free RSVP). */
export const EVENT_TEMPLATES =
  'WBEZ Presents: Wait Wait Live|55|3;Curious City Trivia Night|25|3;Reset Live Taping|0|4;Sun-Times Sports Roundtable|35|2;' +
  'Member Appreciation Night|0|3;Jazz at the Studio|40|2;Sun-Times Food & Wine Fest|75|2;Nerdette Book Club|15|2;' +
  'Chicago Public Media Gala|250|1;Sound Opinions Live|30|2;Election Night Watch Party|20|2;Sun-Times Neighborhood Forum|0|3;' +
  'Podcast Festival Day Pass|45|2;Behind the Headlines: Newsroom Tour|10|2;Summer Concert Series|35|3;Holiday Sing-Along|15|2';

/** Household shared mailbox patterns; {last} = household surname, {a}/{b} = first names. */
export const SHARED_MAIL_PATTERNS = ['{last}family', 'the{last}s', '{a}and{b}', '{a}.{b}.{last}', '{last}house', '{last}home'] as const;
