// Surnames, most common first: the top US census surnames blended with the
// Hispanic, Polish, Irish, Black American, Asian and other communities of the Chicago
// area. Accents, apostrophes, hyphens and multi-word surnames are kept on purpose:
// they are what breaks naive matching.
export const LAST_NAMES =
  'Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernandez|Lopez|Gonzalez|Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|' +
  'Lee|Perez|Thompson|White|Harris|Sanchez|Clark|Ramirez|Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Torres|Nguyen|Hill|Flores|' +
  'Green|Adams|Nelson|Baker|Hall|Rivera|Campbell|Mitchell|Carter|Roberts|Gomez|Phillips|Evans|Turner|Diaz|Parker|Cruz|Edwards|Collins|Reyes|' +
  'Stewart|Morris|Morales|Murphy|Cook|Rogers|Gutierrez|Ortiz|Morgan|Cooper|Peterson|Bailey|Reed|Kelly|Howard|Ramos|Kim|Cox|Ward|Richardson|' +
  'Watson|Brooks|Chavez|Wood|James|Bennett|Gray|Mendoza|Ruiz|Hughes|Price|Alvarez|Castillo|Sanders|Patel|Myers|Long|Ross|Foster|Jimenez|' +
  'Powell|Jenkins|Perry|Russell|Sullivan|Bell|Coleman|Butler|Henderson|Barnes|Gonzales|Fisher|Vasquez|Simmons|Romero|Jordan|Patterson|Alexander|Hamilton|Graham|' +
  'Reynolds|Griffin|Wallace|Moreno|West|Cole|Hayes|Bryant|Herrera|Gibson|Ellis|Tran|Medina|Aguilar|Stevens|Murray|Ford|Castro|Marshall|Owens|' +
  'Harrison|Fernandez|McDonald|Woods|Washington|Kennedy|Wells|Vargas|Henry|Chen|Freeman|Webb|Tucker|Guzman|Burns|Crawford|Olson|Simpson|Porter|Hunter|' +
  'Gordon|Mendez|Silva|Shaw|Snyder|Mason|Dixon|Muñoz|Hunt|Hicks|Holmes|Palmer|Wagner|Black|Robertson|Boyd|Rose|Stone|Salazar|Fox|' +
  'Warren|Mills|Meyer|Rice|Schmidt|Garza|Daniels|Ferguson|Nichols|Stephens|Soto|Weaver|Ryan|Gardner|Payne|Grant|Dunn|Kelley|Spencer|Hawkins|' +
  'Kowalski|Nowak|Wiśniewski|Wójcik|Kowalczyk|Kamiński|Lewandowski|Zieliński|Szymański|Woźniak|Dąbrowski|Kozłowski|Jankowski|Mazur|Krawczyk|Piotrowski|Grabowski|Pawlak|Michalski|Nowicki|' +
  "O'Brien|O'Connor|O'Malley|O'Neill|O'Reilly|O'Donnell|McCarthy|McNamara|Walsh|Byrne|Doyle|Quinn|Fitzgerald|Brennan|Gallagher|Kavanagh|D'Angelo|D'Amico|DeLuca|Russo|" +
  'Esposito|Romano|Colombo|Ricci|Marino|Greco|Bruno|Gallo|Conti|Costa|Schultz|Müller|Schröder|Becker|Hoffmann|Koch|Richter|Klein|Wolf|Neumann|' +
  'Nguyễn|Trần|Lê|Phạm|Huỳnh|Wang|Li|Zhang|Liu|Huang|Wu|Zhou|Park|Choi|Jung|Kang|Yoon|Shah|Singh|Khan|' +
  'Ali|Ahmed|Hussain|Desai|Mehta|Iyer|Reddy|Tanaka|Suzuki|Yamamoto|Cohen|Goldberg|Schwartz|Friedman|Levine|Katz|Rosen|Weiss|Shapiro|Kaplan|' +
  'Peña|Núñez|Ibáñez|Castañeda|Ordóñez|Gómez|Hernández|Rodríguez|Martínez|Sánchez|Díaz|Pérez|Álvarez|Jiménez|Fernández|' +
  'De La Cruz|Del Toro|De Leon|Van Dyke|Van Buren|St. John|Mac Donald|Le Blanc|' +
  'Petrov|Ivanov|Popescu|Papadopoulos|Novak|Horvat|Kovacs|Nagy|Jovanović|Okafor|Adeyemi|Mensah|Abdi|Haile|Tesfaye|Baptiste|Pierre|Joseph|Charles|Toussaint|' +
  'Smith-Jones|Garcia-Lopez|Lee-Chen|Washington-Bey|Booker|Mays|Banks|Glover|Dukes|Tate|Love|Pryor|Gaines|Hairston|Battle|Mosley|Nash|Rhodes|Pickett|Spears';
