/**
 * Signatures over a message digest, as KMS makes them for MessageType RAW (KMS hashes the message) and DIGEST (the
 * caller did): https://docs.aws.amazon.com/kms/latest/developerguide/asymmetric-key-specs.html
 * - RSASSA_PKCS1_V1_5: EMSA-PKCS1-v1_5 (RFC 8017 §9.2) — the DigestInfo of the digest under the private key with
 *   block-type-1 padding.
 * - RSASSA_PSS: EMSA-PSS (RFC 8017 §9.1) with MGF1 of the same hash and a salt as long as the digest (what KMS uses:
 *   LocalStack's AWS-validated test_verify_salt_length checks KMS signatures with that salt length).
 * - ECDSA: signatures DER-encoded (SEQUENCE of r, s), as KMS returns them (API_Sign, "Signature").
 * node:crypto (Node 20) signs only messages it hashes itself, so the digest forms are computed here: RSA through
 * the raw private-key operation (privateEncrypt), ECDSA with BigInt arithmetic on the curve parameters below
 * (SEC 2 / FIPS 186-4 values, as `openssl ecparam -param_enc explicit` prints them).
 */
import { constants, createHash, createPrivateKey, createPublicKey, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual } from 'node:crypto';

export type Hash = 'sha256' | 'sha384' | 'sha512';

const DIGEST_INFO: Record<Hash, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

export const digestLength = (hash: Hash) => ({ sha256: 32, sha384: 48, sha512: 64 })[hash];

export function digest(hash: Hash, message: Buffer): Buffer {
  return createHash(hash).update(message).digest();
}

// ---- RSA ----

function modulusBits(publicKey: Buffer): number {
  const jwk = createPublicKey({ key: publicKey, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  const n = Buffer.from(jwk.n!, 'base64url');
  return n.length * 8 - Math.clz32(n[0]!) + 24;
}

function mgf1(hash: Hash, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * digestLength(hash) < length; i++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(i);
    out.push(digest(hash, Buffer.concat([seed, c])));
  }
  return Buffer.concat(out).subarray(0, length);
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((x, i) => x ^ b[i]!));
}

function pssHashOf(hash: Hash, mHash: Buffer, salt: Buffer): Buffer {
  return digest(hash, Buffer.concat([Buffer.alloc(8), mHash, salt]));
}

export function rsaSign(privateKey: Buffer, publicKey: Buffer, pss: boolean, hash: Hash, mHash: Buffer): Buffer {
  const key = { key: privateKey, format: 'der', type: 'pkcs8' } as const;
  if (!pss) return privateEncrypt({ ...key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), mHash]));
  const bits = modulusBits(publicKey);
  const emBits = bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = digestLength(hash);
  const salt = randomBytes(hLen);
  const h = pssHashOf(hash, mHash, salt);
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([1]), salt]);
  const maskedDb = xor(db, mgf1(hash, h, emLen - hLen - 1));
  maskedDb[0]! &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([maskedDb, h, Buffer.from([0xbc])]);
  const k = Math.ceil(bits / 8);
  return privateEncrypt({ ...key, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(k - emLen), em]));
}

export function rsaVerify(publicKey: Buffer, pss: boolean, hash: Hash, mHash: Buffer, signature: Buffer): boolean {
  const key = { key: publicKey, format: 'der', type: 'spki' } as const;
  try {
    if (!pss) {
      const expected = Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), mHash]);
      const got = publicDecrypt({ ...key, padding: constants.RSA_PKCS1_PADDING }, signature);
      return got.length === expected.length && timingSafeEqual(got, expected);
    }
    const bits = modulusBits(publicKey);
    const emBits = bits - 1;
    const emLen = Math.ceil(emBits / 8);
    const hLen = digestLength(hash);
    if (signature.length !== Math.ceil(bits / 8)) return false;
    const em = publicDecrypt({ ...key, padding: constants.RSA_NO_PADDING }, signature).subarray(-emLen);
    if (em[emLen - 1] !== 0xbc) return false;
    const maskedDb = em.subarray(0, emLen - hLen - 1);
    const h = em.subarray(emLen - hLen - 1, emLen - 1);
    if ((maskedDb[0]! & ~(0xff >> (8 * emLen - emBits)) & 0xff) !== 0) return false;
    const db = xor(maskedDb, mgf1(hash, h, emLen - hLen - 1));
    db[0]! &= 0xff >> (8 * emLen - emBits);
    const ps = emLen - 2 * hLen - 2;
    if (!db.subarray(0, ps).every((b) => b === 0) || db[ps] !== 1) return false;
    return pssHashOf(hash, mHash, db.subarray(ps + 1)).equals(h);
  } catch {
    return false;
  }
}

// ---- ECDSA ----

interface Curve {
  p: bigint;
  a: bigint;
  gx: bigint;
  gy: bigint;
  n: bigint;
}

const CURVES: Record<string, Curve> = {
  ECC_NIST_P256: { p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn, a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn, gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n, gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n, n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  ECC_NIST_P384: { p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn, a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffcn, gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n, gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn, n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n },
  ECC_NIST_P521: { p: 0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffn, a: 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffcn, gx: 0xc6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n, gy: 0x11839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n, n: 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n },
  ECC_SECG_P256K1: { p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn, a: 0x0n, gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n, gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n, n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n },
};

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

/** Points in Jacobian coordinates (x = X/Z², y = Y/Z³), so a multiplication inverts once, at the end. */
type Jacobian = { X: bigint; Y: bigint; Z: bigint } | null;

function double(c: Curve, P: Jacobian): Jacobian {
  if (!P || P.Y === 0n) return null;
  const { X, Y, Z } = P;
  const Y2 = mod(Y * Y, c.p);
  const S = mod(4n * X * Y2, c.p);
  const Z2 = mod(Z * Z, c.p);
  const M = mod(3n * X * X + c.a * Z2 * Z2, c.p);
  const X3 = mod(M * M - 2n * S, c.p);
  return { X: X3, Y: mod(M * (S - X3) - 8n * Y2 * Y2, c.p), Z: mod(2n * Y * Z, c.p) };
}

function add(c: Curve, P: Jacobian, Q: Jacobian): Jacobian {
  if (!P) return Q;
  if (!Q) return P;
  const Z1s = mod(P.Z * P.Z, c.p);
  const Z2s = mod(Q.Z * Q.Z, c.p);
  const U1 = mod(P.X * Z2s, c.p);
  const U2 = mod(Q.X * Z1s, c.p);
  const S1 = mod(P.Y * Z2s * Q.Z, c.p);
  const S2 = mod(Q.Y * Z1s * P.Z, c.p);
  if (U1 === U2) return S1 === S2 ? double(c, P) : null;
  const H = mod(U2 - U1, c.p);
  const R = mod(S2 - S1, c.p);
  const H2 = mod(H * H, c.p);
  const H3 = mod(H2 * H, c.p);
  const X3 = mod(R * R - H3 - 2n * U1 * H2, c.p);
  return { X: X3, Y: mod(R * (U1 * H2 - X3) - S1 * H3, c.p), Z: mod(H * P.Z * Q.Z, c.p) };
}

function multiply(c: Curve, k: bigint, P: Jacobian): Jacobian {
  let result: Jacobian = null;
  let addend = P;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(c, result, addend);
    addend = double(c, addend);
  }
  return result;
}

/** The affine x of a point, or undefined at infinity. */
function affineX(c: Curve, P: Jacobian): bigint | undefined {
  if (!P) return undefined;
  const zi = inverse(P.Z, c.p);
  return mod(P.X * zi * zi, c.p);
}

const toBig = (b: Buffer) => (b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`));

/** The digest as the integer ECDSA signs: its leftmost bits, as many as the order has (FIPS 186-4 §6.4). */
function digestInteger(c: Curve, mHash: Buffer): bigint {
  const excess = mHash.length * 8 - c.n.toString(2).length;
  return excess > 0 ? toBig(mHash) >> BigInt(excess) : toBig(mHash);
}

function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([0x02]), derLength(b.length), b]);
}

function derLength(n: number): Buffer {
  return n < 0x80 ? Buffer.from([n]) : Buffer.from([0x81, n]);
}

function readDer(sig: Buffer): { r: bigint; s: bigint } | undefined {
  let i = 0;
  const len = () => {
    const first = sig[i++]!;
    if (first < 0x80) return first;
    if (first !== 0x81) return -1;
    return sig[i++]!;
  };
  if (sig[i++] !== 0x30 || len() !== sig.length - i) return undefined;
  const ints: bigint[] = [];
  for (let k = 0; k < 2; k++) {
    if (sig[i++] !== 0x02) return undefined;
    const l = len();
    if (l <= 0 || i + l > sig.length) return undefined;
    ints.push(toBig(sig.subarray(i, i + l)));
    i += l;
  }
  return i === sig.length ? { r: ints[0]!, s: ints[1]! } : undefined;
}

export function ecdsaSign(spec: string, privateKey: Buffer, mHash: Buffer): Buffer {
  const c = CURVES[spec]!;
  const jwk = createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  const d = toBig(Buffer.from(jwk.d!, 'base64url'));
  const z = digestInteger(c, mHash);
  const bytes = Math.ceil(c.n.toString(2).length / 8) + 8;
  for (;;) {
    const k = mod(toBig(randomBytes(bytes)), c.n - 1n) + 1n;
    const r = mod(affineX(c, multiply(c, k, { X: c.gx, Y: c.gy, Z: 1n }))!, c.n);
    if (r === 0n) continue;
    const s = mod(inverse(k, c.n) * (z + r * d), c.n);
    if (s === 0n) continue;
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
  }
}

export function ecdsaVerify(spec: string, publicKey: Buffer, mHash: Buffer, signature: Buffer): boolean {
  const c = CURVES[spec]!;
  const rs = readDer(signature);
  if (!rs || rs.r <= 0n || rs.r >= c.n || rs.s <= 0n || rs.s >= c.n) return false;
  const jwk = createPublicKey({ key: publicKey, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  const Q = { X: toBig(Buffer.from(jwk.x!, 'base64url')), Y: toBig(Buffer.from(jwk.y!, 'base64url')), Z: 1n };
  const w = inverse(rs.s, c.n);
  const x = affineX(c, add(c, multiply(c, mod(digestInteger(c, mHash) * w, c.n), { X: c.gx, Y: c.gy, Z: 1n }), multiply(c, mod(rs.r * w, c.n), Q)));
  return x !== undefined && mod(x, c.n) === rs.r;
}
