// What the sources learn about one person while they are simulated in turn; later
// sources read it (an ESP contact is likelier for a donor) and the truth files report it.
export interface Facts {
  donorIds: string[];
  donorStatus: 'never' | 'lapsed' | 'one_time' | 'sustainer';
  churned: '' | '0' | '1';
  churnBasis: string;
  upgraded: '' | '0' | '1';
  upgradeType: string;
  giving12m: number;
  futureGiving12m: number;
  subscriberIds: string[];
  subStatus: 'never' | 'former' | 'active';
  subChurned: '' | '0' | '1';
  digitalSubStart: number; // seconds; Infinity when never digital
  ticketOrders: number;
  contactIds: string[];
  userIds: string[];
}

export function newFacts(): Facts {
  return {
    donorIds: [],
    donorStatus: 'never',
    churned: '',
    churnBasis: '',
    upgraded: '',
    upgradeType: '',
    giving12m: 0,
    futureGiving12m: 0,
    subscriberIds: [],
    subStatus: 'never',
    subChurned: '',
    digitalSubStart: Infinity,
    ticketOrders: 0,
    contactIds: [],
    userIds: [],
  };
}
