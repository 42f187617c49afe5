/**
 * What the landlord's side can try in place of the tenant's secret (PROTOCOL.md §4): every key it
 * derives from its site key alone (K_iss, K_km, K_prog, K_time), and the site key itself, each used
 * as T (so as to derive T_auth and T_cons from it) and as T_auth or T_cons directly.
 */
import { tenantKeys } from '../../protocol/key-hierarchy.js';
import { siteKeyFor, type AttackSite } from '../attack-site.js';

export interface LandlordGuess {
  /** What the guess is made of. */
  name: string;
  tAuth: Uint8Array;
  tCons: Uint8Array;
}

export function landlordGuesses(site: AttackSite, lockId: number): LandlordGuess[] {
  const { kIss, kKm, kProg, kTime } = site.landlordKeys;
  const known: [string, Uint8Array][] = [
    ['K_site', siteKeyFor(site.context.seed)],
    ['K_iss', kIss],
    ['K_km', kKm],
    ['K_prog', kProg],
    ['K_time', kTime],
  ];
  return known.flatMap(([name, key]) => {
    const derived = tenantKeys(key, lockId);
    return [
      { name: `T = ${name}`, tAuth: derived.tAuth, tCons: derived.tCons },
      { name: `T_auth, T_cons = ${name}`, tAuth: key, tCons: key },
    ];
  });
}
