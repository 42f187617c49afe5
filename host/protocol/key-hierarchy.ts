/**
 * The key hierarchy of PROTOCOL.md §4. Every derivation is `Div(K, label ‖ integer LE)`: the
 * label's 3 ASCII bytes (1 for "K") followed by the identifier, little-endian.
 */
import { LABEL_ISS, LABEL_K, LABEL_KEY, LABEL_PRG, LABEL_TAT, LABEL_TAU, LABEL_TCO, LABEL_TIM } from '../../firmware/protocol.js';
import { concat, label, u16le, u32le } from './bytes.js';
import { nobleBackend, type CryptoBackend } from './crypto-backend.js';

/** The landlord's keys derived from K_site (§4.1); every lock holds all four. */
export interface SiteKeys {
  kIss: Uint8Array;
  kKm: Uint8Array;
  kProg: Uint8Array;
  kTime: Uint8Array;
}

/** The tenant's keys derived from T (§4.2). */
export interface TenantKeys {
  tAuth: Uint8Array;
  tCons: Uint8Array;
  tAtt: Uint8Array;
}

/** §4.1: K_iss, K_km, K_prog, K_time = Div(K_site, label ‖ siteId LE2). */
export function siteKeys(kSite: Uint8Array, siteId: number, backend: CryptoBackend = nobleBackend): SiteKeys {
  const derive = (labelValue: number) => backend.diversify(kSite, concat(label(labelValue), u16le(siteId)));
  return { kIss: derive(LABEL_ISS), kKm: derive(LABEL_KEY), kProg: derive(LABEL_PRG), kTime: derive(LABEL_TIM) };
}

/** §4.1: K_key = Div(K_km, "K" ‖ keyId LE4). */
export function keyKey(kKm: Uint8Array, keyId: number, backend: CryptoBackend = nobleBackend): Uint8Array {
  return backend.diversify(kKm, concat(Uint8Array.of(LABEL_K), u32le(keyId)));
}

/** §4.2: T_auth, T_cons, T_att = Div(T, label ‖ lockId LE4). */
export function tenantKeys(tenantSecret: Uint8Array, lockId: number, backend: CryptoBackend = nobleBackend): TenantKeys {
  const derive = (labelValue: number) => backend.diversify(tenantSecret, concat(label(labelValue), u32le(lockId)));
  return { tAuth: derive(LABEL_TAU), tCons: derive(LABEL_TCO), tAtt: derive(LABEL_TAT) };
}
