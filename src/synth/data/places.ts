// Chicago-area geography: cities with real ZIP codes (public USPS facts, no person data)
// and street names. Street + house number are allocated without collisions, so two
// households share an address only when the generator means it.

/** city|state|weight|zip zip zip ... */
export const CITIES =
  'Chicago|IL|60|60601 60605 60607 60608 60609 60610 60611 60612 60613 60614 60615 60616 60617 60618 60619 60620 60621 60622 60623 60624 60625 60626 60628 60629 60630 60631 60632 60634 60636 60637 60638 60639 60640 60641 60643 60644 60645 60646 60647 60649 60651 60652 60653 60655 60657 60659 60660;' +
  'Evanston|IL|3|60201 60202;Oak Park|IL|3|60301 60302 60304;Skokie|IL|2|60076 60077;Cicero|IL|2|60804;Berwyn|IL|2|60402;' +
  'Naperville|IL|3|60540 60563 60565;Schaumburg|IL|2|60193 60194;Arlington Heights|IL|2|60004 60005;Oak Lawn|IL|2|60453;' +
  'Des Plaines|IL|2|60016 60018;Aurora|IL|2|60505 60506;Joliet|IL|2|60431 60435;Elgin|IL|1|60120 60123;Wilmette|IL|1|60091;' +
  'Highland Park|IL|1|60035;Park Ridge|IL|1|60068;Forest Park|IL|1|60130;Oak Brook|IL|1|60523;Gary|IN|1|46403 46404 46408;Hammond|IN|1|46320 46324';

export const STREETS =
  'Clark|Halsted|Ashland|Western|Damen|Milwaukee|Lincoln|Belmont|Fullerton|Diversey|Addison|Irving Park|Lawrence|Foster|Devon|Touhy|Howard|' +
  'North|Division|Chicago|Grand|Madison|Monroe|Adams|Jackson|Roosevelt|Cermak|Archer|Pershing|Garfield|Racine|Wells|LaSalle|Dearborn|State|Wabash|' +
  'Michigan|Sheridan|Broadway|Kedzie|Pulaski|Cicero|Central|Harlem|Austin|Narragansett|Kostner|California|Sacramento|Hoyne|Leavitt|Oakley|Claremont|' +
  'Wolcott|Paulina|Marshfield|Laflin|Loomis|Throop|Morgan|Sangamon|Peoria|Green|Carpenter|Aberdeen|Elston|Ogden|Blue Island|Vincennes|Cottage Grove|' +
  'Stony Island|Jeffery|Yates|Exchange|Commercial|Ewing|Ridge|Sheffield|Kenmore|Winthrop|Magnolia|Glenwood|Greenview|Bosworth|Lakewood|Wayne|Janssen|' +
  'Southport|Seminary|Fremont|Bissell|Dayton|Burling|Orchard|Cleveland|Mohawk|Hudson|Larrabee|Kingsbury|Hermitage|Honore|Winchester|Wood|Lister|' +
  'Maple|Oak|Elm|Cedar|Pine|Walnut|Chestnut|Hickory|Willow|Linden|Locust|Spruce|Birch|Cherry|Prairie|Park|Lake|Forest|Highland|Sunset|Hillside|' +
  'Washington|Jefferson|Franklin|Hamilton|Harrison|Lake Shore|Kenilworth|Euclid|Grove|Home|Marion|Scoville|Wesley|Kenilworth|Cuyler|Hiawatha|Kolmar|' +
  'Kilbourn|Keeler|Karlov|Tripp|Kildare|Kenton|Lamon|Laramie|Lockwood|Long|Lotus|Mango|Marmora|Meade|Menard|Merrimac|Moody|Mobile|Natoma|Neenah|' +
  '18th|19th|21st|22nd|24th|26th|31st|35th|43rd|47th|51st|55th|59th|63rd|67th|71st|75th|79th|83rd|87th|95th|103rd|111th';

/** canonical suffix | abbreviations a source may write (the first one is USPS). */
export const STREET_SUFFIXES = [
  ['Street', 'St', 'St.', 'Str'],
  ['Avenue', 'Ave', 'Ave.', 'Av'],
  ['Boulevard', 'Blvd', 'Blvd.'],
  ['Road', 'Rd', 'Rd.'],
  ['Drive', 'Dr', 'Dr.'],
  ['Place', 'Pl', 'Pl.'],
  ['Court', 'Ct', 'Ct.'],
  ['Lane', 'Ln', 'Ln.'],
  ['Parkway', 'Pkwy', 'Pky'],
  ['Terrace', 'Ter', 'Terr'],
] as const;
export const SUFFIX_WEIGHTS = [40, 35, 6, 5, 5, 3, 3, 1, 1, 1];

export const DIRECTIONS = [
  ['North', 'N', 'N.'],
  ['South', 'S', 'S.'],
  ['East', 'E', 'E.'],
  ['West', 'W', 'W.'],
] as const;

/** Apartment designators: Apartment/Apt/Apt./#/Unit/Ste. */
export const UNIT_STYLES = ['Apt', 'Apt.', '#', 'Unit', 'Apartment', 'APT', 'Ste'] as const;
export const UNIT_STYLE_WEIGHTS = [45, 12, 20, 10, 6, 5, 2];

/** Area codes: Chicago and suburbs first (with most of the weight), then the Midwest and a few far away (people keep their cell numbers). */
export const AREA_CODES =
  '312 773 872 708 847 224 630 331 815 779 219 464 ' +
  '414 262 608 920 317 765 574 260 313 248 734 616 517 314 636 319 515 612 651 952 216 614 513 502 615 ' +
  '212 646 718 917 347 202 617 415 510 213 310 323 818 206 503 303 512 214 713 404 305 786 407 602 702 801 215 267 412 704 919 757 410 301 571 703 860 201 973 609 856 ' +
  '254 256 205 251 334 479 501 520 559 619 650 707 714 760 805 831 858 909 916 925 949 720 970 203 302 321 352 386 561 727 772 813 850 904 941 954 229 478 678 706 770 912 ' +
  '808 208 309 618 217 641 712 316 620 785 913 270 606 859 225 318 337 504 985 207 240 443 339 351 413 508 774 781 978 231 269 586 810 906 989 218 320 507 763 228 601 662';
