// First names, most common first (weight falls off with rank), a mix of the name
// cohorts of Chicago-area adults born 1935-2007: Anglo, Black American, Hispanic,
// Polish, Irish, Asian and others. Compact '|' lists; accents kept on purpose.
// Fictitious people: names are common given names, combined at random.

export const FEMALE_FIRST =
  'Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Lisa|Nancy|Betty|Margaret|Sandra|Ashley|Kimberly|Emily|Donna|Michelle|' +
  'Carol|Amanda|Dorothy|Melissa|Deborah|Stephanie|Rebecca|Sharon|Laura|Cynthia|Kathleen|Amy|Angela|Shirley|Anna|Brenda|Pamela|Emma|Nicole|Helen|' +
  'Samantha|Katherine|Christine|Debra|Rachel|Carolyn|Janet|Catherine|Maria|Heather|Diane|Ruth|Julie|Olivia|Joyce|Virginia|Victoria|Kelly|Lauren|Christina|' +
  'Joan|Evelyn|Judith|Megan|Andrea|Cheryl|Hannah|Jacqueline|Martha|Gloria|Teresa|Ann|Sara|Madison|Frances|Kathryn|Janice|Jean|Abigail|Alice|' +
  'Judy|Sophia|Grace|Denise|Amber|Doris|Marilyn|Danielle|Beverly|Isabella|Theresa|Diana|Natalie|Brittany|Charlotte|Marie|Kayla|Alexis|Lori|Alexandra|' +
  'Guadalupe|Rosa|Ana|Yolanda|Carmen|Lucía|Sofía|Ximena|Valeria|Daniela|Mariana|Gabriela|Alejandra|Adriana|Verónica|Leticia|Araceli|Inés|María José|Dolores|' +
  'Latoya|Keisha|Tamika|Ebony|Jasmine|Aaliyah|Imani|Shanice|Monique|Tiana|Dominique|Ayanna|Nia|Kiara|Destiny|' +
  'Agnieszka|Katarzyna|Małgorzata|Joanna|Magdalena|Ewa|Krystyna|Dorota|' +
  'Siobhán|Bridget|Colleen|Maureen|Noreen|Kathleen|Aoife|' +
  'Mei|Linh|Thao|Hoa|Priya|Ananya|Aisha|Fatima|Min-ji|Soo-jin|Yuki|Hana|' +
  'Zoë|Chloé|Renée|Noémie|Anaïs|Mary-Kate|Anne-Marie|Mary Ellen|Joy|Hope|Eleanor|Josephine|Lillian|Claire|Audrey|Nora|Leah|Ella|Avery|Harper|Zoe|Chloe|Renee';

export const MALE_FIRST =
  'James|Robert|John|Michael|David|William|Richard|Joseph|Thomas|Christopher|Charles|Daniel|Matthew|Anthony|Mark|Donald|Steven|Andrew|Paul|Joshua|' +
  'Kenneth|Kevin|Brian|George|Timothy|Ronald|Jason|Edward|Jeffrey|Ryan|Jacob|Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|' +
  'Benjamin|Samuel|Gregory|Alexander|Patrick|Frank|Raymond|Jack|Dennis|Jerry|Tyler|Aaron|Henry|Adam|Douglas|Nathan|Peter|Zachary|Kyle|Walter|' +
  'Harold|Jeremy|Ethan|Carl|Keith|Roger|Gerald|Christian|Terry|Sean|Arthur|Austin|Noah|Lawrence|Jesse|Joe|Bryan|Billy|Jordan|Albert|' +
  'Dylan|Bruce|Willie|Gabriel|Alan|Juan|Logan|Wayne|Ralph|Roy|Eugene|Randy|Vincent|Russell|Louis|Philip|Bobby|Johnny|Bradley|Frederick|' +
  'José|Luis|Carlos|Jesús|Miguel|Jorge|Francisco|Alejandro|Ricardo|Javier|Fernando|Raúl|Andrés|Héctor|Rubén|Sergio|Eduardo|Roberto|Manuel|Óscar|' +
  'Darnell|DeShawn|Tyrone|Jamal|Marcus|Terrell|Andre|Malik|Darius|Reginald|Cedric|Lamar|Jalen|' +
  'Krzysztof|Piotr|Tomasz|Paweł|Andrzej|Stanisław|Marek|Wojciech|' +
  'Seamus|Declan|Brendan|Liam|Connor|Kieran|' +
  'Minh|Tuan|Huy|Wei|Jian|Raj|Arjun|Vikram|Omar|Ahmed|Hiroshi|Kenji|Jae-won|Sung|' +
  'Björn|François|Jean-Luc|Zoltán|Nikolai|Theodore|Leo|Owen|Elijah|Caleb|Isaac|Julian|Levi|Miles|Hugo';

/** Nicknames and short forms that people use instead of their given name. */
export const NICKNAMES =
  'Robert:Bob,Rob,Bobby,Robbie;William:Bill,Will,Billy,Liam;James:Jim,Jimmy,Jamie;John:Jack,Johnny;Michael:Mike,Mikey;Richard:Rick,Rich,Dick,Richie;' +
  'Joseph:Joe,Joey;Thomas:Tom,Tommy;Christopher:Chris,Topher;Charles:Chuck,Charlie;Daniel:Dan,Danny;Matthew:Matt;Anthony:Tony;Donald:Don,Donnie;' +
  'Steven:Steve;Stephen:Steve;Andrew:Andy,Drew;Joshua:Josh;Kenneth:Ken,Kenny;Timothy:Tim,Timmy;Ronald:Ron,Ronnie;Edward:Ed,Eddie,Ted;Jeffrey:Jeff;' +
  'Jacob:Jake;Nicholas:Nick,Nicky;Jonathan:Jon;Lawrence:Larry;Gregory:Greg;Alexander:Alex,Xander;Samuel:Sam,Sammy;Benjamin:Ben,Benny;Patrick:Pat,Paddy;' +
  'Raymond:Ray;Gerald:Jerry;Douglas:Doug;Nathan:Nate;Peter:Pete;Zachary:Zach,Zack;Walter:Walt;Harold:Hal,Harry;Arthur:Art;Albert:Al,Bert;' +
  'Eugene:Gene;Vincent:Vince,Vinny;Philip:Phil;Frederick:Fred,Freddie;Bradley:Brad;Russell:Russ;Louis:Lou;Henry:Hank,Harry;Theodore:Ted,Teddy,Theo;' +
  'Francisco:Paco,Pancho,Frank;José:Pepe;Alejandro:Alex;Eduardo:Eddie,Lalo;Roberto:Beto;Jesús:Chuy;Manuel:Manny;Ricardo:Rick;Fernando:Fer;' +
  'Krzysztof:Chris;Stanisław:Stan;Wojciech:Wojtek;Tomasz:Tom;Reginald:Reggie;Frank:Frankie;Samantha:Sam;' +
  'Elizabeth:Liz,Beth,Betsy,Eliza,Lizzie;Margaret:Maggie,Peggy,Meg;Katherine:Kate,Katie,Kathy;Kathleen:Kathy,Kate;Catherine:Cathy,Cat,Kate;' +
  'Kathryn:Kate,Katie;Patricia:Pat,Patty,Trish;Jennifer:Jen,Jenny;Susan:Sue,Susie;Deborah:Deb,Debbie;Debra:Deb,Debbie;Rebecca:Becky,Becca;' +
  'Jessica:Jess,Jessie;Barbara:Barb,Barbie;Pamela:Pam;Kimberly:Kim;Cynthia:Cindy;Christina:Tina,Chris;Christine:Chris,Tina;Victoria:Vicky,Tori;' +
  'Abigail:Abby;Alexandra:Alex,Sasha,Lexi;Theresa:Terry,Tess;Teresa:Terry;Dorothy:Dot,Dottie;Judith:Judy;Frances:Fran,Frannie;Jacqueline:Jackie;' +
  'Josephine:Jo,Josie;Eleanor:Ellie,Nell;Virginia:Ginny;Margarita:Rita;Guadalupe:Lupe;Dolores:Lola;Magdalena:Magda;Małgorzata:Gosia;' +
  'Agnieszka:Aga;Katarzyna:Kasia;Mary:Molly;Stephanie:Steph;Amanda:Mandy;Melissa:Missy,Mel;Sandra:Sandy;Cheryl:Cher;Samuel:Sam;Gabriela:Gaby;' +
  'Natalie:Nat;Danielle:Dani;Alexis:Lexi;Madison:Maddie;Isabella:Bella,Izzy;Charlotte:Charlie,Lottie;Lillian:Lily;Beverly:Bev;Martha:Marty';
