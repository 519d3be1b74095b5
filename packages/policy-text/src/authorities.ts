// Where a member can complain. Korea: the Personal Information Protection Commission and KISA's privacy
// center. EU: the supervisory authority of the member state the person lives or works in.

import type { ComplaintAuthority } from './model.js'

export const KR_AUTHORITIES: readonly ComplaintAuthority[] = [
  {
    region: 'KR',
    name: { en: 'Personal Information Protection Commission (PIPC)', ko: '개인정보보호위원회' },
    url: 'https://www.pipc.go.kr',
  },
  {
    region: 'KR',
    name: {
      en: 'Privacy Incident Report Center, Korea Internet & Security Agency (KISA), phone 118',
      ko: '한국인터넷진흥원 개인정보침해신고센터 (국번 없이 118)',
    },
    url: 'https://privacy.kisa.or.kr',
  },
]

/** Directory of every EU/EEA supervisory authority (members of the European Data Protection Board). */
export const EU_AUTHORITY_DIRECTORY: ComplaintAuthority = {
  region: 'EU',
  name: {
    en: 'The data protection supervisory authority of your EU member state (list kept by the EDPB)',
    ko: '거주하거나 일하는 EU 회원국의 개인정보 감독기관 (유럽정보보호이사회 EDPB 목록)',
  },
  url: 'https://www.edpb.europa.eu/about-edpb/about-edpb/members_en',
}

const eu = (en: string, url: string): ComplaintAuthority => ({ region: 'EU', name: { en, ko: en }, url })

/** National supervisory authorities for the member states where tenants most often sit. */
export const EU_AUTHORITIES_BY_COUNTRY: Readonly<Record<string, ComplaintAuthority>> = {
  AT: eu('Datenschutzbehörde (Austria)', 'https://www.dsb.gv.at'),
  BE: eu('Data Protection Authority (Belgium)', 'https://www.dataprotectionauthority.be'),
  DE: eu(
    'Federal Commissioner for Data Protection and Freedom of Information (Germany)',
    'https://www.bfdi.bund.de'
  ),
  DK: eu('Datatilsynet (Denmark)', 'https://www.datatilsynet.dk'),
  ES: eu('Agencia Española de Protección de Datos (Spain)', 'https://www.aepd.es'),
  FI: eu('Office of the Data Protection Ombudsman (Finland)', 'https://tietosuoja.fi'),
  FR: eu('Commission Nationale de l’Informatique et des Libertés, CNIL (France)', 'https://www.cnil.fr'),
  IE: eu('Data Protection Commission (Ireland)', 'https://www.dataprotection.ie'),
  IT: eu('Garante per la protezione dei dati personali (Italy)', 'https://www.garanteprivacy.it'),
  LU: eu('Commission nationale pour la protection des données (Luxembourg)', 'https://cnpd.public.lu'),
  NL: eu('Autoriteit Persoonsgegevens (Netherlands)', 'https://autoriteitpersoonsgegevens.nl'),
  PL: eu('Urząd Ochrony Danych Osobowych (Poland)', 'https://uodo.gov.pl'),
  PT: eu('Comissão Nacional de Proteção de Dados (Portugal)', 'https://www.cnpd.pt'),
  SE: eu('Integritetsskyddsmyndigheten, IMY (Sweden)', 'https://www.imy.se'),
}

/**
 * Authorities listed in a tenant's policy: always the Korean ones and the EU directory; for a tenant
 * established in a listed EU member state, its own national authority first among the EU entries.
 */
export function complaintAuthoritiesFor(country: string): ComplaintAuthority[] {
  const own = EU_AUTHORITIES_BY_COUNTRY[country.toUpperCase()]
  return [...KR_AUTHORITIES, ...(own ? [own] : []), EU_AUTHORITY_DIRECTORY]
}
